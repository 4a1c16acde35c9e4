import { nodeHash, type Hash } from './hashes';

/** Why a proof did not verify, for people reading a verifier's output. */
export class ProofRejected extends Error {
  readonly code = 'PROOF_REJECTED';
}

function sameHash(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;
}

/**
 * RFC 9162 §2.1.3.2: recomputes the root from a leaf hash and its audit path and compares it.
 * @throws ProofRejected with the reason
 */
export function verifyInclusion(leaf: Hash, index: bigint | number, size: bigint | number, proof: readonly Hash[], root: Hash): void {
  const leafIndex = BigInt(index);
  const treeSize = BigInt(size);
  if (leaf.length !== 32) throw new ProofRejected('the leaf hash is not 32 bytes');
  if (root.length !== 32) throw new ProofRejected('the root hash is not 32 bytes');
  if (leafIndex < 0n || leafIndex >= treeSize) throw new ProofRejected(`leaf index ${leafIndex} is outside a tree of ${treeSize}`);
  let fn = leafIndex;
  let sn = treeSize - 1n;
  let r = leaf;
  for (const p of proof) {
    if (p.length !== 32) throw new ProofRejected('a proof hash is not 32 bytes');
    if (sn === 0n) throw new ProofRejected('the proof is longer than the tree is deep');
    if ((fn & 1n) === 1n || fn === sn) {
      r = nodeHash(p, r);
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) throw new ProofRejected('the proof is shorter than the tree is deep');
  if (!sameHash(r, root)) throw new ProofRejected('the proof leads to a different root');
}

/**
 * RFC 9162 §2.1.4.2: checks that the tree of size1 with root1 is a prefix of the tree of size2 with root2.
 * @throws ProofRejected with the reason
 */
export function verifyConsistency(size1: bigint | number, size2: bigint | number, root1: Hash, root2: Hash, proof: readonly Hash[]): void {
  const first = BigInt(size1);
  const second = BigInt(size2);
  if (first < 0n || second < 0n) throw new ProofRejected('tree sizes cannot be negative');
  if (first > second) throw new ProofRejected(`size ${first} is larger than size ${second}`);
  // Every log extends the empty log, so a proof from size 0 proves nothing; it is refused rather than waved through.
  if (first === 0n) throw new ProofRejected('a consistency proof from the empty tree is meaningless');
  if (first === second) {
    if (proof.length > 0) throw new ProofRejected('equal sizes need an empty proof');
    if (!sameHash(root1, root2)) throw new ProofRejected('equal sizes but different roots');
    return;
  }
  if (root1.length !== 32 || root2.length !== 32) throw new ProofRejected('a root hash is not 32 bytes');
  if (proof.length === 0) throw new ProofRejected('the proof is empty');
  if (proof.some((p) => p.length !== 32)) throw new ProofRejected('a proof hash is not 32 bytes');
  let path = [...proof];
  // If size1 is an exact power of two, its root is the first node of the path (RFC 9162 step 1).
  if ((first & (first - 1n)) === 0n) path = [root1, ...path];
  let fn = first - 1n;
  let sn = second - 1n;
  while ((fn & 1n) === 1n) {
    fn >>= 1n;
    sn >>= 1n;
  }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0n) throw new ProofRejected('the proof is longer than needed');
    if ((fn & 1n) === 1n || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) throw new ProofRejected('the proof is shorter than needed');
  if (!sameHash(fr, root1)) throw new ProofRejected(`the proof does not lead to the root of size ${first}`);
  if (!sameHash(sr, root2)) throw new ProofRejected(`the proof does not lead to the root of size ${second}`);
}
