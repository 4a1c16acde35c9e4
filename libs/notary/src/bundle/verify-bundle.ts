import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { openCheckpoint, type Checkpoint } from '../checkpoint/checkpoint';
import { parseVerifierKey, type NotaryKeys } from '../checkpoint/notary-keys';
import { readCheckpointNotes } from '../log/checkpoint-file';
import { leafHash } from '../merkle/hashes';
import { MerkleTree } from '../merkle/merkle-tree';
import { verifyConsistency } from '../merkle/verify-proofs';
import { checkCosignature, parseCosignerKey, type CosignatureCheck, type CosignerKey } from '../witness/cosignature';
import { bundleFiles } from './bundle-files';

/** What failed, by a stable name, so people and tests can tell one kind of tampering from another. */
export type VerifyCheck =
  | 'BUNDLE_INCOMPLETE'
  | 'KEY_INVALID'
  | 'EVENT_UNREADABLE'
  | 'POSITION_GAP'
  | 'RECORDED_AT_BACKWARDS'
  | 'CHECKPOINT_UNREADABLE'
  | 'CHECKPOINT_SIGNATURE'
  | 'CHECKPOINT_ORDER'
  | 'LOG_TRUNCATED'
  | 'CHECKPOINT_ROOT'
  | 'CONSISTENCY'
  | 'UNCOVERED_EVENTS'
  | 'WITNESS_SIGNATURE'
  | 'WITNESS_QUORUM';

export interface VerifyFailure {
  readonly check: VerifyCheck;
  /** The log position where the failure shows, when there is one. */
  readonly position?: number;
  readonly message: string;
}

export interface VerifyReport {
  readonly ok: boolean;
  readonly events: number;
  readonly checkpoints: number;
  readonly rootHash?: string;
  readonly failure?: VerifyFailure;
  /** The tree, for callers that go on to prove or compare (only when ok). */
  readonly tree?: MerkleTree;
  readonly latestCheckpoint?: Checkpoint;
  /** With witnesses: how many had to cosign each checkpoint, of how many given. */
  readonly witnessed?: { readonly quorum: number; readonly of: number };
}

/** Witnesses whose cosignatures a verifier requires: their verifier keys, and how many must cosign each checkpoint. */
export interface WitnessPolicy {
  readonly witnesses: readonly string[];
  /** Default: all of them. */
  readonly quorum?: number;
}

interface ParsedPolicy {
  readonly keys: readonly CosignerKey[];
  readonly quorum: number;
}

/**
 * Reads the witness keys and quorum a verifier gave.
 * @throws Error naming the bad key or quorum: a mistake in the command, not in the bundle
 */
function parsePolicy(policy: WitnessPolicy | undefined): ParsedPolicy | undefined {
  if (!policy || policy.witnesses.length === 0) {
    if (policy?.quorum !== undefined) throw new Error('a quorum needs witnesses (--witness)');
    return undefined;
  }
  const keys = policy.witnesses.map((text, index) => {
    try {
      return parseCosignerKey(text);
    } catch (error) {
      throw new Error(`witness key ${index + 1}: ${(error as Error).message}`, { cause: error });
    }
  });
  const ids = new Set(keys.map((key) => `${key.name} ${key.publicKey.export({ format: 'jwk' }).x}`));
  if (ids.size !== keys.length) throw new Error('the same witness key is given twice: it would count twice towards the quorum');
  const quorum = policy.quorum ?? keys.length;
  if (!Number.isInteger(quorum) || quorum < 1 || quorum > keys.length) {
    throw new Error(`the quorum must be a whole number from 1 to ${keys.length} (the witnesses given)`);
  }
  return { keys, quorum };
}

/**
 * Fails unless at least `quorum` of the witnesses validly cosigned the note. A cosignature line that names a given
 * witness's key but does not verify fails at once: the note was altered after it was cosigned, or forged.
 */
function checkWitnesses(note: string, policy: ParsedPolicy, which: string): void {
  const valid: string[] = [];
  const missing: string[] = [];
  for (const key of policy.keys) {
    let check: CosignatureCheck;
    try {
      check = checkCosignature(note, key);
    } catch (error) {
      return fail('WITNESS_SIGNATURE', `${which}: ${(error as Error).message}`);
    }
    if (check.status === 'invalid') fail('WITNESS_SIGNATURE', `${which}: ${check.reason}`);
    if (check.status === 'valid') valid.push(key.name);
    else missing.push(key.name);
  }
  if (valid.length < policy.quorum) {
    fail(
      'WITNESS_QUORUM',
      `${which} carries ${valid.length} valid witness cosignature${valid.length === 1 ? '' : 's'} of the ${policy.quorum} required (none from ${missing.join(', ')}): no witness vouches that it extends what they saw`,
    );
  }
}

const EVENT_PREFIX = Buffer.from('{"event":');
const RECORDED_AT = Buffer.from('"recordedAt":"');
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

class Failed extends Error {
  constructor(readonly failure: VerifyFailure) {
    super(failure.message);
  }
}

const fail = (check: VerifyCheck, message: string, position?: number): never => {
  throw new Failed({ check, message, ...(position !== undefined ? { position } : {}) });
};

/**
 * Calls `each` with every line of a file as bytes (not strings, so a byte that is not valid UTF-8 is still seen),
 * reading in chunks: a bundle of millions of events never has to fit in memory, nor become a million objects.
 */
export function forEachLine(path: string, each: (line: Buffer, bytesRead: number, totalBytes: number) => void): void {
  const fd = openSync(path, 'r');
  try {
    const total = fstatSync(fd).size;
    // Sized to the file (one byte over, so a file that is one line without a newline needs no growing), between 64 KiB
    // and 16 MiB: a small bundle, or the many a test verifies, does not pay for 16 MiB each time. Unzeroed is safe:
    // only bytes [0, end) are ever looked at or handed out, and each of them was written first, by readSync or by a
    // copy of bytes that were.
    let buffer = Buffer.allocUnsafe(Math.max(64 * 1024, Math.min(16 * 1024 * 1024, total + 1)));
    let kept = 0; // bytes of an unfinished line carried to the front of the buffer
    let read = 0;
    for (;;) {
      if (kept === buffer.length) {
        const grown = Buffer.allocUnsafe(buffer.length * 2); // one line longer than the buffer
        buffer.copy(grown, 0, 0, kept);
        buffer = grown;
      }
      const n = readSync(fd, buffer, kept, buffer.length - kept, null);
      if (n === 0) break;
      read += n;
      const end = kept + n;
      const filled = buffer.subarray(0, end); // what has been written: newlines are looked for here only
      let start = 0;
      for (let newline = filled.indexOf(0x0a, kept); newline >= 0; newline = filled.indexOf(0x0a, start)) {
        each(filled.subarray(start, newline), read - (end - newline), total);
        start = newline + 1;
      }
      // The lines handed out are views of this buffer: callers use them at once, then it is reused.
      buffer.copy(buffer, 0, start, end);
      kept = end - start;
    }
    if (kept > 0) each(buffer.subarray(0, kept), read, total);
  } finally {
    closeSync(fd);
  }
}

export function readBundleKey(path: string): NotaryKeys {
  try {
    return parseVerifierKey(readFileSync(path, 'utf8'));
  } catch (error) {
    return fail('KEY_INVALID', `notary.pub is not a valid verifier key: ${(error as Error).message}`);
  }
}

/**
 * Rebuilds the tree from the exported events alone and checks, in order: every line is a canonical event at the
 * next position; recordedAt never goes backwards; every checkpoint is signed by the bundle's key, in order, covers
 * no more than the log holds, has the root the events give, and is consistent with the one before; and the last
 * checkpoint covers every event. Stops at the first failure.
 */
export function verifyBundle(
  dir: string,
  options: { onProgress?: (done: number, total: number) => void; pinnedKey?: string; witnesses?: WitnessPolicy } = {},
): VerifyReport {
  const onProgress = options.onProgress ?? (() => undefined);
  const policy = parsePolicy(options.witnesses);
  const files = bundleFiles(dir);
  let events = 0;
  let checkpointCount = 0;
  try {
    for (const path of [files.events, files.checkpoints, files.publicKey]) {
      if (!existsSync(path)) fail('BUNDLE_INCOMPLETE', `${path} is missing`);
    }
    const key = readBundleKey(files.publicKey);
    // A bundle's own key proves nothing if an attacker replaced it: auditors pin the key they were given.
    if (options.pinnedKey !== undefined && options.pinnedKey.trim() !== readFileSync(files.publicKey, 'utf8').trim()) {
      fail('KEY_INVALID', 'notary.pub is not the key you pinned: the bundle was re-signed by someone else');
    }
    const tree = new MerkleTree();
    let previousRecordedAt = '';
    forEachLine(files.events, (line, bytesRead, totalBytes) => {
      const expected = events + 1;
      // The leaf is the line itself, so any change to its bytes changes the signed root; here only the frame and
      // the two fields the log's own rules need are read, without parsing the whole event (hashing dominates then).
      const tail = line.subarray(Math.max(0, line.length - 32)).toString('latin1');
      const framed = /,"position":(\d+)}$/.exec(tail);
      if (line.subarray(0, EVENT_PREFIX.length).compare(EVENT_PREFIX) !== 0 || !framed) {
        fail('EVENT_UNREADABLE', `the line for position ${expected} is not {"event":...,"position":N} as exported`, expected);
      }
      if (Number(framed![1]) !== expected) {
        fail('POSITION_GAP', `expected position ${expected} but found ${framed![1]}: an event was removed, inserted or moved`, expected);
      }
      // In the canonical envelope only revision, streamId and type follow recordedAt, and none can hold a quote,
      // so the last "recordedAt" in the line is the envelope's own.
      const at = line.lastIndexOf(RECORDED_AT);
      const recordedAt = at < 0 ? '' : line.subarray(at + RECORDED_AT.length, at + RECORDED_AT.length + 24).toString('latin1');
      if (!ISO_INSTANT.test(recordedAt)) fail('EVENT_UNREADABLE', `the event at position ${expected} has no recordedAt`, expected);
      if (recordedAt < previousRecordedAt) {
        fail(
          'RECORDED_AT_BACKWARDS',
          `recordedAt at position ${expected} (${recordedAt}) is earlier than the event before (${previousRecordedAt})`,
          expected,
        );
      }
      previousRecordedAt = recordedAt;
      tree.append(leafHash(line));
      events = expected;
      if (events % 10_000 === 0) onProgress(bytesRead, totalBytes);
    });
    onProgress(1, 1);

    let notes: string[] = [];
    try {
      notes = readCheckpointNotes(files.checkpoints);
    } catch (error) {
      fail('CHECKPOINT_UNREADABLE', (error as Error).message);
    }
    let previous: Checkpoint | undefined;
    for (const note of notes) {
      let checkpoint: Checkpoint;
      try {
        checkpoint = openCheckpoint(note, key);
      } catch (error) {
        return fail('CHECKPOINT_SIGNATURE', `checkpoint ${checkpointCount + 1}: ${(error as Error).message}`);
      }
      const size = Number(checkpoint.size);
      if (previous && (size < Number(previous.size) || checkpoint.time < previous.time)) {
        fail('CHECKPOINT_ORDER', `checkpoint ${checkpointCount + 1} (size ${size}) comes after a larger or later one`);
      }
      if (size > tree.size) {
        fail(
          'LOG_TRUNCATED',
          `checkpoint ${checkpointCount + 1} covers ${size} events but the log holds ${tree.size}: events after position ${tree.size} were removed`,
          tree.size + 1,
        );
      }
      if (!tree.root(size).equals(checkpoint.rootHash)) {
        const from = previous ? Number(previous.size) + 1 : 1;
        // Checkpoints before this one matched, so the damage is after the last of them: the narrowest window they allow.
        const matched = previous
          ? `the first ${previous.size} events still have the root checkpoint ${checkpointCount} signed`
          : 'no earlier checkpoint narrows it';
        fail(
          'CHECKPOINT_ROOT',
          `the events up to position ${size} do not have the root checkpoint ${checkpointCount + 1} signed, and ${matched}: an event at positions ${from}..${size} was altered, removed or reordered (between the checkpoints of sizes ${from - 1} and ${size}, the narrowest window the checkpoints allow; \`ledger diff-bundles\` against an earlier bundle, or auditStore on the live store, names the event)`,
          from,
        );
      }
      if (previous && Number(previous.size) > 0 && Number(previous.size) < size) {
        try {
          verifyConsistency(
            previous.size,
            checkpoint.size,
            previous.rootHash,
            checkpoint.rootHash,
            tree.consistencyProof(Number(previous.size), size),
          );
        } catch (error) {
          fail('CONSISTENCY', `checkpoint ${checkpointCount + 1} does not extend the one before: ${(error as Error).message}`);
        }
      }
      if (policy) checkWitnesses(note, policy, `checkpoint ${checkpointCount + 1} (size ${size}, signed ${checkpoint.time})`);
      previous = checkpoint;
      checkpointCount++;
    }
    if (tree.size > Number(previous?.size ?? 0)) {
      const from = Number(previous?.size ?? 0) + 1;
      fail('UNCOVERED_EVENTS', `events from position ${from} on are covered by no checkpoint`, from);
    }
    return {
      ok: true,
      events,
      checkpoints: checkpointCount,
      rootHash: tree.root().toString('base64'),
      tree,
      latestCheckpoint: previous,
      ...(policy ? { witnessed: { quorum: policy.quorum, of: policy.keys.length } } : {}),
    };
  } catch (error) {
    if (error instanceof Failed) return { ok: false, events, checkpoints: checkpointCount, failure: error.failure };
    throw error;
  }
}

/** Checks that the bundle's log still extends a checkpoint minuted earlier (signature, then root at its size). */
export function verifyMinutedCheckpoint(dir: string, note: string, options: { witnesses?: WitnessPolicy } = {}): VerifyReport {
  const report = verifyBundle(dir, options);
  if (!report.ok || !report.tree) return report;
  try {
    const checkpoint = openCheckpoint(note, readBundleKey(bundleFiles(dir).publicKey));
    const policy = parsePolicy(options.witnesses);
    if (policy) checkWitnesses(note, policy, `the minuted checkpoint (size ${checkpoint.size}, signed ${checkpoint.time})`);
    const size = Number(checkpoint.size);
    if (size > report.tree.size)
      fail('LOG_TRUNCATED', `the minuted checkpoint covers ${size} events but the log holds ${report.tree.size}`, report.tree.size + 1);
    if (!report.tree.root(size).equals(checkpoint.rootHash))
      fail('CHECKPOINT_ROOT', `the log's first ${size} events no longer have the minuted root`);
    return report;
  } catch (error) {
    if (error instanceof Failed) return { ok: false, events: report.events, checkpoints: report.checkpoints, failure: error.failure };
    return {
      ok: false,
      events: report.events,
      checkpoints: report.checkpoints,
      failure: { check: 'CHECKPOINT_SIGNATURE', message: (error as Error).message },
    };
  }
}
