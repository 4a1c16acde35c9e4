import { closeSync, fdatasyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { MerkleTree } from '../merkle/merkle-tree';
import type { Hash } from '../merkle/hashes';

/**
 * The notary's tree kept on disk (`tree-leaves.bin`), so a restart need not re-read and re-hash the whole log. After a
 * one-line JSON header naming the format and the log's origin, one record per leaf, in log order:
 *
 *   position (8 bytes, big-endian) | eventId (16 bytes, the UUID) | leaf hash (32) | the parents that leaf completed (32 each)
 *
 * Leaf i completes one parent per trailing 1 bit of i (post-order), so a record's offset follows from i alone and the
 * file only ever grows at its end. Nothing in it is trusted by itself: at start the root at a signed checkpoint's size
 * must be the signed root, and the rest is hashed again and compared with the store in the background.
 */
export const TREE_FILE_NAME = 'tree-leaves.bin';
const FORMAT = 'plan-ledger/tree-leaves/1';
const LEAF_RECORD = 8 + 16 + 32;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function popcount(value: number): number {
  let count = 0;
  for (let rest = value; rest > 0; rest = Math.floor(rest / 2)) count += rest % 2;
  return count;
}

/** Where leaf i's record starts: i leaf records, and the i - popcount(i) parents the leaves before it completed. */
export function recordOffset(headerLength: number, index: number): number {
  return headerLength + LEAF_RECORD * index + 32 * (index - popcount(index));
}

export function headerOf(origin: string): Buffer {
  return Buffer.from(`${JSON.stringify({ format: FORMAT, origin })}\n`);
}

/** The 16 bytes of a lowercase UUID, or undefined for an id that is not one (the file cannot hold it). */
export function eventIdBytes(eventId: string): Buffer | undefined {
  return UUID.test(eventId) ? Buffer.from(eventId.replaceAll('-', ''), 'hex') : undefined;
}

export function eventIdString(bytes: Buffer, offset: number): string {
  const hex = bytes.toString('hex', offset, offset + 16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export interface StoredTree {
  readonly bytes: Buffer;
  readonly headerLength: number;
  /** Whole records: a record cut short by a crash is not counted. */
  readonly count: number;
}

/** Reads the file whole (one read: a million leaves are ~90 MB); a reason instead when it cannot be used. */
export function readTreeFile(path: string, origin: string): StoredTree | string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT'
      ? `${path} does not exist`
      : `${path} cannot be read (${(error as Error).message})`;
  }
  const header = headerOf(origin);
  if (bytes.length < header.length || !bytes.subarray(0, header.length).equals(header))
    return `${path} is not a tree file of the log ${origin} (its header differs)`;
  let low = 0;
  let high = Math.floor((bytes.length - header.length) / LEAF_RECORD);
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (recordOffset(header.length, middle) <= bytes.length) low = middle;
    else high = middle - 1;
  }
  return { bytes, headerLength: header.length, count: low };
}

export function positionAt(stored: StoredTree, index: number): bigint {
  return stored.bytes.readBigUInt64BE(recordOffset(stored.headerLength, index));
}

/** Appends the first `count` stored leaves (and the parents they completed) to an empty tree, without hashing. */
export function restoreTree(stored: StoredTree, count: number, tree: MerkleTree): void {
  for (let index = 0; index < count; index++) {
    const at = recordOffset(stored.headerLength, index);
    tree.appendStored(stored.bytes, at + 24, at + LEAF_RECORD);
  }
}

/** The eventIds of the first `count` records, 16 bytes apiece, for the eventId → leaf index map built when first asked. */
export function storedEventIds(stored: StoredTree, count: number): Buffer {
  const ids = Buffer.alloc(16 * count);
  for (let index = 0; index < count; index++) {
    const at = recordOffset(stored.headerLength, index) + 8;
    stored.bytes.copy(ids, 16 * index, at, at + 16);
  }
  return ids;
}

/**
 * Writes records at the file's end, in batches: a write and an fdatasync per event would cost more than the hashing.
 * Leaves not yet flushed when the process dies are only re-read from the store at the next start.
 */
export class TreeFileWriter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private written: number;

  private constructor(
    private readonly fd: number,
    private readonly headerLength: number,
    count: number,
  ) {
    this.written = count;
  }

  /** A new, empty file (any old one is cut to its header). */
  static create(path: string, origin: string): TreeFileWriter {
    mkdirSync(dirname(path), { recursive: true });
    const header = headerOf(origin);
    const fd = openSync(path, 'w');
    writeSync(fd, header);
    fdatasyncSync(fd);
    return new TreeFileWriter(fd, header.length, 0);
  }

  /** Keeps the first `count` records and cuts the rest (a torn record, or leaves no checkpoint vouches for). */
  static resume(path: string, stored: StoredTree, count: number): TreeFileWriter {
    const fd = openSync(path, 'r+');
    ftruncateSync(fd, recordOffset(stored.headerLength, count));
    fdatasyncSync(fd);
    return new TreeFileWriter(fd, stored.headerLength, count);
  }

  /** How many records the file will hold once flushed. */
  get size(): number {
    return this.written + this.pending.length;
  }

  add(position: bigint, eventId: Buffer, leaf: Hash, parents: readonly Hash[]): void {
    const record = Buffer.allocUnsafe(LEAF_RECORD + 32 * parents.length);
    record.writeBigUInt64BE(position, 0);
    eventId.copy(record, 8);
    leaf.copy(record, 24);
    parents.forEach((parent, level) => parent.copy(record, LEAF_RECORD + 32 * level));
    this.pending.push(record);
    this.pendingBytes += record.length;
    if (this.pending.length >= 4096) this.flush();
  }

  flush(): void {
    if (this.pending.length === 0) return;
    const batch = Buffer.concat(this.pending, this.pendingBytes);
    writeSync(this.fd, batch, 0, batch.length, recordOffset(this.headerLength, this.written));
    fdatasyncSync(this.fd);
    this.written += this.pending.length;
    this.pending = [];
    this.pendingBytes = 0;
  }

  close(): void {
    try {
      this.flush();
    } finally {
      closeSync(this.fd);
    }
  }
}
