export { leafHash, nodeHash, EMPTY_ROOT, type Hash } from './merkle/hashes';
export { MerkleTree } from './merkle/merkle-tree';
export { verifyInclusion, verifyConsistency, ProofRejected } from './merkle/verify-proofs';
export { signCheckpoint, openCheckpoint, CheckpointRejected, type Checkpoint } from './checkpoint/checkpoint';
export {
  loadOrCreateKeys,
  loadNotaryKeys,
  verifierKey,
  parseVerifierKey,
  keyId,
  type NotaryKeys,
  type KeySource,
  type LoadedKeys,
} from './checkpoint/notary-keys';
export { leafInput } from './log/leaf-input';
export { readCheckpointNotes, readCheckpointFile, appendCheckpointNote, withCheckpointLock } from './log/checkpoint-file';
export {
  Notary,
  NotaryError,
  NOTARY_STREAM_ID,
  ALARMS_CLEARED,
  type NotaryOptions,
  type InclusionProof,
  type ConsistencyProof,
} from './notary';
export { bundleFiles } from './bundle/bundle-files';
export { LEASE_STREAM_ID, LEASE_TAKEN, SigningLease, type LeaseState } from './lease/signing-lease';
export { exportBundle, type ExportSummary } from './bundle/export-bundle';
export {
  forEachLine,
  verifyBundle,
  verifyMinutedCheckpoint,
  type VerifyReport,
  type VerifyFailure,
  type VerifyCheck,
} from './bundle/verify-bundle';
export * from './witness';
export { fileLines, splitLeafInput } from './bundle/bundle-lines';
export {
  checkLog,
  checkBackup,
  restoreLedger,
  RestoreRefused,
  BACKUP_NOTARY_FILES,
  type LogCheck,
  type CheckedBackup,
  type RestoreSummary,
} from './bundle/restore';
export { backupLedger, type BackupSummary } from './bundle/backup';
export { diffBundles, type BundleDiff, type BundleEvent, type FirstDifference, type FieldChange } from './bundle/diff-bundles';
