export { leafHash, nodeHash, EMPTY_ROOT, type Hash } from './merkle/hashes';
export { MerkleTree } from './merkle/merkle-tree';
export { verifyInclusion, verifyConsistency, ProofRejected } from './merkle/verify-proofs';
