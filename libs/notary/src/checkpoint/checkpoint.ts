import { sign, verify } from 'node:crypto';
import { keyId, type NotaryKeys } from './notary-keys';

/** A signed statement "the log named origin had `size` events, with this root, at this time". */
export interface Checkpoint {
  readonly origin: string;
  readonly size: bigint;
  readonly rootHash: Buffer;
  /** When it was signed (ISO 8601), as a C2SP extension line. */
  readonly time: string;
  /** The whole signed note, exactly as signed: what gets minuted and exported. */
  readonly note: string;
}

export class CheckpointRejected extends Error {
  readonly code = 'CHECKPOINT_REJECTED';
}

const TIME_LINE = /^time (\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z)$/;

/** The note body of the C2SP tlog-checkpoint format: origin, size, base64 root, then extension lines. */
function body(origin: string, size: bigint, rootHash: Buffer, time: string): string {
  return `${origin}\n${size}\n${rootHash.toString('base64')}\ntime ${time}\n`;
}

/** Signs a checkpoint as a C2SP signed note: the body, a blank line, and `— <name> <base64(key id || signature)>`. */
export function signCheckpoint(keys: NotaryKeys, size: bigint, rootHash: Buffer, time: string): Checkpoint {
  if (!keys.privateKey) throw new Error('signing needs the private key');
  const text = body(keys.name, size, rootHash, time);
  const signature = sign(null, Buffer.from(text, 'utf8'), keys.privateKey);
  const note = `${text}\n\u2014 ${keys.name} ${Buffer.concat([keyId(keys.name, keys.publicKey), signature]).toString('base64')}\n`;
  return { origin: keys.name, size, rootHash, time, note };
}

/**
 * Parses a signed note and checks its signature with the given key.
 * @throws CheckpointRejected naming what is wrong
 */
export function openCheckpoint(note: string, keys: Pick<NotaryKeys, 'name' | 'publicKey'>): Checkpoint {
  const separator = note.indexOf('\n\n');
  if (separator < 0) throw new CheckpointRejected('not a signed note: no blank line before the signatures');
  const text = note.slice(0, separator + 1);
  const lines = text.split('\n').slice(0, -1);
  if (lines.length < 3) throw new CheckpointRejected('a checkpoint needs an origin, a size and a root hash');
  const [origin, sizeText, rootText, ...extensions] = lines;
  if (origin !== keys.name) throw new CheckpointRejected(`the checkpoint is for ${origin}, not ${keys.name}`);
  if (!/^(0|[1-9]\d*)$/.test(sizeText)) throw new CheckpointRejected('the tree size is not a decimal number');
  const rootHash = Buffer.from(rootText, 'base64');
  if (rootHash.length !== 32 || rootHash.toString('base64') !== rootText)
    throw new CheckpointRejected('the root hash is not 32 bytes of base64');
  const time = extensions.map((line) => TIME_LINE.exec(line)?.[1]).find(Boolean) ?? '';

  const expectedId = keyId(keys.name, keys.publicKey);
  const signatures = note
    .slice(separator + 2)
    .split('\n')
    .filter(Boolean);
  const ours = signatures
    .map((line) => /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null && m[1] === keys.name)
    .map((m) => Buffer.from(m[2], 'base64'))
    .filter((bytes) => bytes.length === 68 && bytes.subarray(0, 4).equals(expectedId));
  if (ours.length === 0) throw new CheckpointRejected(`no signature by ${keys.name} with key ${expectedId.toString('hex')}`);
  if (!ours.some((bytes) => verify(null, Buffer.from(text, 'utf8'), keys.publicKey, bytes.subarray(4)))) {
    throw new CheckpointRejected('the signature does not verify: the checkpoint was altered or signed by another key');
  }
  return { origin, size: BigInt(sizeText), rootHash, time, note };
}
