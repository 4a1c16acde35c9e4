import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  CheckpointRejected,
  ProofRejected,
  leafHash,
  openCheckpoint,
  parseVerifierKey,
  verifyConsistency,
  verifyInclusion,
  type Checkpoint,
  type NotaryKeys,
} from '@plan-ledger/notary';

/** A proof that does not hold: printed as FAILED with exit 1, unlike an unreadable input (one line, exit 2). */
class ProofFails extends Error {}

type Fields = Readonly<Record<string, unknown>>;

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, {
      cause: error,
    });
  }
}

function readProof(path: string): Fields {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readText(path, 'the proof'));
  } catch (error) {
    if (error instanceof SyntaxError)
      throw new Error(`${path} is not JSON: give the proof as \`ledger prove\` or the API prints it`, { cause: error });
    throw error;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${path} is not a proof object`);
  return parsed as Fields;
}

function count(proof: Fields, field: string): number {
  const value = proof[field];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw new Error(`the proof's ${field} is not a whole number`);
  return value;
}

/** Base64 as the log writes it; text that is not base64 at all is an unreadable input, a hash of the wrong size a failed proof. */
function hash(value: unknown, what: string): Buffer {
  if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) throw new Error(`${what} is not base64`);
  return Buffer.from(value, 'base64');
}

function hashes(proof: Fields): Buffer[] {
  const list = proof.proof;
  if (!Array.isArray(list)) throw new Error("the proof's proof is not a list of base64 hashes");
  return list.map((item, index) => hash(item, `proof hash ${index + 1}`));
}

/** The checkpoint, its signature checked with the verifier key: a note that fails is a failed proof, not bad input. */
function signed(note: string, key: NotaryKeys, which: string): Checkpoint {
  try {
    return openCheckpoint(note, key);
  } catch (error) {
    if (error instanceof CheckpointRejected) throw new ProofFails(`${which} is not signed by the verifier key: ${error.message}`);
    throw error;
  }
}

function checkInclusion(proof: Fields, checkpoint: Checkpoint): string {
  const leafIndex = count(proof, 'leafIndex');
  const treeSize = count(proof, 'treeSize');
  if (BigInt(treeSize) !== checkpoint.size)
    throw new ProofFails(`the proof is for a log of ${treeSize} events, but the checkpoint covers ${checkpoint.size}`);
  const eventId = typeof proof.eventId === 'string' ? proof.eventId : undefined;
  let leaf: Buffer;
  if (typeof proof.leafInput === 'string') {
    // The leaf input is the exported line itself: the event it holds and its position must be the ones claimed.
    leaf = leafHash(Buffer.from(proof.leafInput, 'utf8'));
    let framed: { event?: { eventId?: unknown }; position?: unknown };
    try {
      framed = JSON.parse(proof.leafInput) as typeof framed;
    } catch {
      throw new ProofFails('the leaf input is not an exported event line {"event":...,"position":N}');
    }
    if (framed.position !== leafIndex + 1)
      throw new ProofFails(`the leaf input is the event at position ${String(framed.position)}, not ${leafIndex + 1} as the proof claims`);
    if (eventId !== undefined && framed.event?.eventId !== eventId)
      throw new ProofFails(`the leaf input holds event ${String(framed.event?.eventId)}, not ${eventId}`);
    if (proof.leafHash !== undefined && !hash(proof.leafHash, 'the leafHash').equals(leaf))
      throw new ProofFails("the proof's leafHash is not the hash of its leaf input");
  } else if (proof.leafHash !== undefined) {
    leaf = hash(proof.leafHash, 'the leafHash');
  } else {
    throw new Error('the proof has neither a leafInput nor a leafHash');
  }
  try {
    verifyInclusion(leaf, leafIndex, treeSize, hashes(proof), checkpoint.rootHash);
  } catch (error) {
    if (error instanceof ProofRejected) throw new ProofFails(`the event is not proved to be in the signed log: ${error.message}`);
    throw error;
  }
  return `OK ${eventId ? `event ${eventId}` : 'the event'} is entry ${leafIndex + 1} of the log of ${treeSize} events signed at ${checkpoint.time} by ${checkpoint.origin}`;
}

function checkConsistency(proof: Fields, older: Checkpoint, newer: Checkpoint): string {
  const from = count(proof, 'from');
  const to = count(proof, 'to');
  if (BigInt(from) !== older.size)
    throw new ProofFails(`the proof starts from a log of ${from} events, but the earlier checkpoint covers ${older.size}`);
  if (BigInt(to) !== newer.size) throw new ProofFails(`the proof leads to a log of ${to} events, but the checkpoint covers ${newer.size}`);
  try {
    verifyConsistency(from, to, older.rootHash, newer.rootHash, hashes(proof));
  } catch (error) {
    if (error instanceof ProofRejected)
      throw new ProofFails(`the later log is not proved to extend the earlier one (something was altered or removed): ${error.message}`);
    throw error;
  }
  return `OK the log of ${to} events signed at ${newer.time} extends, unaltered, the log of ${from} events signed at ${older.time}`;
}

export function checkProofCommand(program: Command): void {
  program
    .command('check-proof')
    .description(
      'check offline an inclusion proof (as `ledger prove` prints it) or a consistency proof against signed checkpoints and the verifier key',
    )
    .argument('<proof>', 'the proof, a JSON file')
    .requiredOption('--key <file>', "the log's verifier key (as pinned in the minutes, or notary.pub)")
    .option('--checkpoint <file>', 'the signed checkpoint the proof leads to (default for an inclusion proof: the one it carries)')
    .option('--from-checkpoint <file>', 'for a consistency proof: the earlier signed checkpoint (e.g. the one minuted)')
    .action((proofPath: string, options: { key: string; checkpoint?: string; fromCheckpoint?: string }) => {
      const keyText = readText(options.key, 'the verifier key');
      let key: NotaryKeys;
      try {
        key = parseVerifierKey(keyText);
      } catch (error) {
        throw new Error(`${options.key}: ${(error as Error).message}`, { cause: error });
      }
      const proof = readProof(proofPath);
      const inclusion = 'leafIndex' in proof || 'treeSize' in proof;
      const consistency = 'from' in proof && 'to' in proof;
      if (!inclusion && !consistency)
        throw new Error(`${proofPath} is neither an inclusion proof (leafIndex, treeSize) nor a consistency proof (from, to)`);
      const carried = typeof proof.checkpoint === 'string' ? proof.checkpoint : undefined;
      const note = options.checkpoint ? readText(options.checkpoint, 'the checkpoint') : inclusion ? carried : undefined;
      if (note === undefined) throw new Error('--checkpoint is needed: the proof carries no signed checkpoint');
      try {
        let result: string;
        if (inclusion) {
          result = checkInclusion(proof, signed(note, key, 'the checkpoint'));
        } else {
          if (!options.fromCheckpoint) throw new Error('a consistency proof needs --from-checkpoint, the earlier signed checkpoint');
          const older = signed(readText(options.fromCheckpoint, 'the earlier checkpoint'), key, 'the earlier checkpoint');
          result = checkConsistency(proof, older, signed(note, key, 'the checkpoint'));
        }
        process.stdout.write(`${result}\n`);
      } catch (error) {
        if (!(error instanceof ProofFails)) throw error;
        process.stdout.write(`FAILED ${error.message}\n`);
        process.exitCode = 1;
      }
    });
}
