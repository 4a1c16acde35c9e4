import { EMPTY_ROOT, nodeHash, splitPoint, type Hash } from './hashes';

/**
 * The hashes of one level, packed 32 bytes apiece into one growing buffer: a million separate 32-byte Buffers
 * would keep the garbage collector busier than the hashing itself.
 */
class HashLevel {
  private bytes = Buffer.alloc(32 * 1024);
  length = 0;

  push(hash: Hash): void {
    if ((this.length + 1) * 32 > this.bytes.length) {
      const grown = Buffer.alloc(this.bytes.length * 2);
      this.bytes.copy(grown, 0, 0, this.length * 32);
      this.bytes = grown;
    }
    hash.copy(this.bytes, this.length * 32);
    this.length++;
  }

  /** Copies a hash straight out of a larger buffer (a file read whole), with no Buffer made per hash. */
  pushFrom(source: Buffer, offset: number): void {
    if ((this.length + 1) * 32 > this.bytes.length) {
      const grown = Buffer.alloc(this.bytes.length * 2);
      this.bytes.copy(grown, 0, 0, this.length * 32);
      this.bytes = grown;
    }
    source.copy(this.bytes, this.length * 32, offset, offset + 32);
    this.length++;
  }

  at(index: number): Hash | undefined {
    return index < this.length ? this.bytes.subarray(index * 32, index * 32 + 32) : undefined;
  }
}

/**
 * An append-only RFC 6962 Merkle tree over leaf hashes. Every complete, aligned subtree is kept
 * (levels[k][i] covers leaves i·2^k .. (i+1)·2^k - 1), so the root of any earlier size, and inclusion and
 * consistency proofs between any sizes, cost O(log² n) hashes without rebuilding anything.
 */
export class MerkleTree {
  private readonly levels: HashLevel[] = [new HashLevel()];

  get size(): number {
    return this.levels[0].length;
  }

  /** Appends a leaf; returns the parent hashes it completed, lowest first (what a stored tree keeps beside the leaf). */
  append(leaf: Hash): Hash[] {
    const completed: Hash[] = [];
    this.levels[0].push(leaf);
    let level = 0;
    let index = this.levels[0].length - 1;
    let right = leaf;
    // Completing a right child completes its parent: climb while that keeps happening.
    while (index % 2 === 1) {
      const parent = nodeHash(this.levels[level].at(index - 1)!, right);
      level++;
      if (!this.levels[level]) this.levels[level] = new HashLevel();
      this.levels[level].push(parent);
      index = this.levels[level].length - 1;
      right = parent;
      completed.push(parent);
    }
    return completed;
  }

  /** How many parents appending leaf `index` completes: one per trailing 1 bit of the index. */
  static parentsCompletedBy(index: number): number {
    let count = 0;
    for (let i = index; i % 2 === 1; i = (i - 1) / 2) count++;
    return count;
  }

  /**
   * Appends a leaf and the parents it completes as they were stored (`parentsAt`, 32 bytes apiece, lowest first), without
   * hashing: restoring a million leaves this way takes a copy, where hashing the parents again takes seconds. Nothing is
   * checked here; `root` at a signed size checks the nodes it uses, and `findInconsistentNode` the rest.
   */
  appendStored(source: Buffer, leafAt: number, parentsAt: number): void {
    const parents = MerkleTree.parentsCompletedBy(this.levels[0].length);
    this.levels[0].pushFrom(source, leafAt);
    for (let level = 1; level <= parents; level++) {
      if (!this.levels[level]) this.levels[level] = new HashLevel();
      this.levels[level].pushFrom(source, parentsAt + (level - 1) * 32);
    }
  }

  /**
   * The first kept parent, among those completed by leaves from..to-1, that is not the hash of its two children: a tree
   * restored from a file must be hashed again, once, to be trusted beyond the nodes a signed root covers.
   */
  findInconsistentNode(from: number, to: number): { readonly level: number; readonly index: number } | undefined {
    for (let leaf = from; leaf < to && leaf < this.size; leaf++) {
      let index = leaf;
      for (let level = 1; index % 2 === 1; level++) {
        index = (index - 1) / 2;
        const kept = this.levels[level]?.at(index);
        if (!kept) break;
        if (!nodeHash(this.levels[level - 1].at(2 * index)!, this.levels[level - 1].at(2 * index + 1)!).equals(kept))
          return { level, index };
      }
    }
    return undefined;
  }

  leaf(index: number): Hash {
    return this.levels[0].at(index)!;
  }

  /** MTH(D[start:end]) of RFC 6962 §2.1, for ranges that arise from splitting a tree that starts at 0. */
  private rangeHash(start: number, end: number): Hash {
    const width = end - start;
    if (width === 1) return this.levels[0].at(start)!;
    if ((width & (width - 1)) === 0 && start % width === 0) {
      const level = Math.log2(width);
      const cached = this.levels[level]?.at(start / width);
      if (cached) return cached;
    }
    const k = splitPoint(width);
    return nodeHash(this.rangeHash(start, start + k), this.rangeHash(start + k, end));
  }

  root(size = this.size): Hash {
    this.checkSize(size);
    return size === 0 ? EMPTY_ROOT : this.rangeHash(0, size);
  }

  /** The audit path of RFC 6962 §2.1.1 for leaf `index` in the tree of the first `size` leaves. */
  inclusionProof(index: number, size = this.size): Hash[] {
    this.checkSize(size);
    if (!Number.isInteger(index) || index < 0 || index >= size) throw new RangeError(`leaf index ${index} is outside a tree of ${size}`);
    const path = (m: number, start: number, end: number): Hash[] => {
      const n = end - start;
      if (n === 1) return [];
      const k = splitPoint(n);
      return m < k
        ? [...path(m, start, start + k), this.rangeHash(start + k, end)]
        : [...path(m - k, start + k, end), this.rangeHash(start, start + k)];
    };
    return path(index, 0, size);
  }

  /** The consistency proof of RFC 6962 §2.1.2 that the tree of `from` leaves is a prefix of the tree of `to`. */
  consistencyProof(from: number, to = this.size): Hash[] {
    this.checkSize(to);
    if (!Number.isInteger(from) || from < 0 || from > to) throw new RangeError(`cannot prove ${from} is a prefix of ${to}`);
    if (from === 0 || from === to) return [];
    const subproof = (m: number, start: number, end: number, complete: boolean): Hash[] => {
      const n = end - start;
      if (m === n) return complete ? [] : [this.rangeHash(start, end)];
      const k = splitPoint(n);
      return m <= k
        ? [...subproof(m, start, start + k, complete), this.rangeHash(start + k, end)]
        : [...subproof(m - k, start + k, end, false), this.rangeHash(start, start + k)];
    };
    return subproof(from, 0, to, true);
  }

  private checkSize(size: number): void {
    if (!Number.isInteger(size) || size < 0 || size > this.size) throw new RangeError(`tree size ${size} is outside 0..${this.size}`);
  }
}
