export {
  COSIGNATURE_V1,
  addSignatureLines,
  checkCosignature,
  cosign,
  cosignatureKeyId,
  cosignedMessage,
  cosignerVerifierKey,
  parseCosignerKey,
  splitNote,
  type Cosignature,
  type CosignatureCheck,
  type CosignerKey,
} from './cosignature';
export { loadOrCreateWitnessKeys, witnessKeyFiles, type WitnessKeys } from './witness-keys';
export { WitnessState, lockWitnessDir, type CosignedLogState } from './witness-state';
export {
  Witness,
  AddCheckpointMalformed,
  parseAddCheckpoint,
  formatAddCheckpoint,
  type AddCheckpointRequest,
  type WitnessOptions,
  type WitnessResponse,
} from './witness';
export { submitCheckpoint, witnessCheckpoint, WitnessRefused, WitnessConflict, type SubmitOptions } from './client';
