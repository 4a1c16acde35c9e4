import { createHash, hash } from 'node:crypto';

/** RFC 6962 §2.1 domain separation: leaves and interior nodes can never be mistaken for each other. */
const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

export type Hash = Buffer;

// Verification is mostly hashing, so: crypto.hash (one shot, several times faster than a Hash object per call)
// over a reused scratch buffer (no allocation per hash). Safe because hashing is synchronous.
let scratch = Buffer.alloc(4096);

function prefixed(prefix: number, ...parts: Uint8Array[]): Buffer {
  const length = 1 + parts.reduce((sum, part) => sum + part.length, 0);
  if (length > scratch.length) scratch = Buffer.alloc(Math.max(length, scratch.length * 2));
  scratch[0] = prefix;
  let offset = 1;
  for (const part of parts) {
    scratch.set(part, offset);
    offset += part.length;
  }
  return scratch.subarray(0, length);
}

export function leafHash(leafInput: Uint8Array): Hash {
  return hash('sha256', prefixed(LEAF_PREFIX[0], leafInput), 'buffer');
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Hash {
  return hash('sha256', prefixed(NODE_PREFIX[0], left, right), 'buffer');
}

/** The root of the empty tree: SHA-256 of nothing. */
export const EMPTY_ROOT: Hash = createHash('sha256').digest();

/** Largest power of two strictly less than n (n >= 2): where RFC 6962 splits a tree of n leaves. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}
