import { createHash, verify } from 'node:crypto';
import { CheckpointRejected, openCheckpoint, type Checkpoint } from '../checkpoint/checkpoint';
import { keyId, parseVerifierKey, verifierKey, type NotaryKeys } from '../checkpoint/notary-keys';
import { EMPTY_ROOT, type Hash } from '../merkle/hashes';
import { ProofRejected, verifyConsistency } from '../merkle/verify-proofs';
import { addSignatureLines, cosign, cosignerVerifierKey, readSignatureLine, splitNote } from './cosignature';
import { loadOrCreateWitnessKeys, type WitnessKeys } from './witness-keys';
import { WitnessState } from './witness-state';

/** tlog-witness: a client MUST NOT send more than 63 proof lines (enough for a tree of 2^63 leaves). */
const MAX_PROOF_LINES = 63;

export interface AddCheckpointRequest {
  readonly oldSize: bigint;
  readonly proof: Hash[];
  /** The signed checkpoint note, exactly as sent. */
  readonly note: string;
}

/** An HTTP answer, independent of any server: the CLI's node:http server and the tests both send it as it is. */
export interface WitnessResponse {
  readonly status: 200 | 400 | 403 | 404 | 405 | 409 | 413 | 422 | 500;
  readonly contentType: string;
  readonly body: string;
}

export class AddCheckpointMalformed extends Error {
  readonly code = 'ADD_CHECKPOINT_MALFORMED';
}

const DECIMAL = /^(0|[1-9]\d*)$/;
const CANONICAL_BASE64_32 = /^[A-Za-z0-9+/]{43}=$/;

/**
 * Parses an add-checkpoint body: `old <size>`, zero to 63 base64 proof hashes, a blank line, then the checkpoint.
 * Every line ends in a newline; anything else is refused rather than guessed at.
 * @throws AddCheckpointMalformed naming what is wrong
 */
export function parseAddCheckpoint(body: string | Buffer): AddCheckpointRequest {
  let text: string;
  try {
    text = typeof body === 'string' ? body : new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw new AddCheckpointMalformed('the body is not UTF-8');
  }
  // signed-note: no control characters but the newline.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0009\u000b-\u001f\u007f]/.test(text)) throw new AddCheckpointMalformed('the body holds a control character');
  if (!text.endsWith('\n')) throw new AddCheckpointMalformed('the body does not end in a newline');
  const blank = text.indexOf('\n\n');
  if (blank < 0) throw new AddCheckpointMalformed('no blank line between the proof and the checkpoint');
  const [oldLine, ...proofLines] = text.slice(0, blank).split('\n');
  const old = /^old (\S+)$/.exec(oldLine);
  if (!old || !DECIMAL.test(old[1])) throw new AddCheckpointMalformed('the first line must be "old <size>" in decimal, no leading zeroes');
  if (proofLines.length > MAX_PROOF_LINES) throw new AddCheckpointMalformed(`more than ${MAX_PROOF_LINES} proof lines`);
  const proof = proofLines.map((line, index) => {
    if (!CANONICAL_BASE64_32.test(line)) throw new AddCheckpointMalformed(`proof line ${index + 1} is not a base64 SHA-256 hash`);
    return Buffer.from(line, 'base64');
  });
  const note = text.slice(blank + 2);
  if (note.length === 0) throw new AddCheckpointMalformed('the checkpoint is missing');
  return { oldSize: BigInt(old[1]), proof, note };
}

/** The body of an add-checkpoint request, for clients: the inverse of parseAddCheckpoint. */
export function formatAddCheckpoint(oldSize: bigint | number, proof: readonly Hash[], note: string): string {
  return `old ${BigInt(oldSize)}\n${proof.map((hash) => `${Buffer.from(hash).toString('base64')}\n`).join('')}\n${note}`;
}

export interface WitnessOptions {
  /** The witness's own data folder: its key and its state. */
  readonly dir: string;
  /** The verifier key of every log it witnesses; a log is known by its key name, which is its origin. */
  readonly logs: readonly string[];
  /** Its key name on first start (stored; later starts must agree or omit it). */
  readonly name?: string;
  readonly now?: () => Date;
}

const line = (text: string): string => `${text.replace(/\s+/g, ' ').trim()}\n`;
const answer = (status: WitnessResponse['status'], message: string): WitnessResponse => ({
  status,
  contentType: 'text/plain; charset=utf-8',
  body: line(message),
});

/**
 * A C2SP tlog-witness: cosigns a log's checkpoint only if it is signed by the log's configured key and a consistency
 * proof shows it extends the latest checkpoint this witness cosigned for that log. Whoever holds the log's key can sign
 * anything, but cannot make this witness cosign a rewritten history: that takes this witness's key too.
 *
 * Requests are handled synchronously from the check of `old` to the state being on disk, so within one process two
 * requests can never interleave (the race tlog-witness warns of); `lockWitnessDir` keeps other processes out.
 */
export class Witness {
  readonly keys: WitnessKeys;
  readonly state: WitnessState;
  private readonly logKeys = new Map<string, NotaryKeys>();
  private readonly now: () => Date;
  /** What is odd about the configuration, for the operator: e.g. a log whose key changed since it was last cosigned. */
  readonly warnings: string[] = [];

  constructor(options: WitnessOptions) {
    // The logs are read first, so a mistyped --log leaves no key (and no name) behind in a new folder.
    if (options.logs.length === 0) throw new Error('a witness needs at least one log verifier key (--log)');
    for (const text of options.logs) {
      let key: NotaryKeys;
      try {
        key = parseVerifierKey(text);
      } catch (error) {
        throw new Error(`log key ${JSON.stringify(text.trim().slice(0, 60))}: ${(error as Error).message}`, { cause: error });
      }
      if (this.logKeys.has(key.name)) throw new Error(`two keys are given for the log ${key.name}`);
      this.logKeys.set(key.name, key);
    }
    this.keys = loadOrCreateWitnessKeys(options.dir, options.name);
    this.state = new WitnessState(options.dir);
    this.now = options.now ?? (() => new Date());
    for (const key of this.logKeys.values()) {
      if (key.publicKey.equals(this.keys.publicKey)) throw new Error(`the log ${key.name} uses this witness's own key`);
      const known = this.state.get(key.name);
      if (known && known.logKey !== verifierKey(key)) {
        this.warnings.push(`the key for ${key.name} changed since its last cosigned checkpoint (size ${known.size}, key ${known.logKey})`);
      }
    }
  }

  /** The verifier key to give to whoever checks this witness's cosignatures (`ledger verify --witness`). */
  get verifierKey(): string {
    return cosignerVerifierKey(this.keys);
  }

  /** POST <prefix>/add-checkpoint, exactly per C2SP tlog-witness. */
  addCheckpoint(body: string | Buffer): WitnessResponse {
    let request: AddCheckpointRequest;
    try {
      request = parseAddCheckpoint(body);
    } catch (error) {
      if (error instanceof AddCheckpointMalformed) return answer(400, error.message);
      throw error;
    }
    const { oldSize, proof, note } = request;
    const origin = note.slice(0, note.indexOf('\n'));
    const logKey = this.logKeys.get(origin);
    if (!logKey) return answer(404, `this witness does not witness the log ${JSON.stringify(origin.slice(0, 200))}`);

    const shape = checkpointShape(note);
    if (shape) return answer(400, shape);
    let checkpoint: Checkpoint;
    try {
      checkpoint = openCheckpoint(note, logKey);
      badLogSignature(note, logKey);
    } catch (error) {
      if (error instanceof CheckpointRejected) return answer(403, error.message);
      throw error;
    }
    const size = checkpoint.size;
    if (oldSize > size) return answer(400, `old size ${oldSize} is larger than the checkpoint's size ${size}`);

    const refuse = (reason: string): WitnessResponse => {
      // The log's key signed it, so it is the log's own statement of a history this witness cannot reconcile: kept.
      this.state.recordRefusal({ origin, reason, oldSize, proof, note, at: this.now() });
      return answer(422, reason);
    };
    if (size === 0n && !checkpoint.rootHash.equals(EMPTY_ROOT)) return refuse('a checkpoint of size 0 must have the empty root');

    const current = this.state.get(origin);
    const currentSize = current?.size ?? 0n;
    if (oldSize !== currentSize) return { status: 409, contentType: 'text/x.tlog.size', body: `${currentSize}\n` };
    if (oldSize === 0n) {
      if (proof.length > 0) return refuse('a proof from size 0 must be empty');
    } else {
      try {
        verifyConsistency(oldSize, size, current!.rootHash, checkpoint.rootHash, proof);
      } catch (error) {
        if (!(error instanceof ProofRejected)) throw error;
        return refuse(
          `the checkpoint of size ${size} is not consistent with the one of size ${oldSize} this witness cosigned: ${error.message}`,
        );
      }
    }

    const seconds = BigInt(Math.floor(this.now().getTime() / 1000));
    // A cosignature says "the largest tree I have seen, as of this time": time never runs back for one log.
    const timestamp = seconds > (current?.timestamp ?? 0n) ? seconds : (current?.timestamp ?? 0n) + 1n;
    const cosignature = cosign(splitNote(note).text, this.keys, timestamp);
    this.state.set(origin, {
      size,
      rootHash: checkpoint.rootHash,
      note: addSignatureLines(note, [cosignature]),
      logKey: verifierKey(logKey),
      timestamp,
    });
    return { status: 200, contentType: 'text/plain; charset=utf-8', body: cosignature };
  }

  /** GET <prefix>/<hex SHA-256 of the origin>/checkpoint: the latest cosigned checkpoint, for monitors. */
  latestCheckpoint(originHash: string): WitnessResponse {
    for (const origin of this.state.origins()) {
      if (createHash('sha256').update(origin, 'utf8').digest('hex') === originHash) {
        return { status: 200, contentType: 'text/plain; charset=utf-8', body: this.state.get(origin)!.note };
      }
    }
    return answer(404, 'this witness has cosigned no checkpoint for that log');
  }
}

/** What is malformed in a checkpoint's text (origin, size, root), before any signature is looked at. */
function checkpointShape(note: string): string | undefined {
  let text: string;
  try {
    text = splitNote(note).text;
  } catch (error) {
    return (error as Error).message;
  }
  const [origin, size, root] = text.split('\n');
  if (!origin || size === undefined || root === undefined) return 'a checkpoint needs an origin, a size and a root hash';
  if (!DECIMAL.test(size)) return 'the tree size is not a decimal number';
  if (!CANONICAL_BASE64_32.test(root)) return 'the root hash is not 32 bytes of base64';
  return undefined;
}

/**
 * signed-note: a line that names a trusted key (name and id) but does not verify makes the note malformed, even when
 * another line of the same key verifies; tlog-witness answers 403 for it.
 * @throws CheckpointRejected
 */
function badLogSignature(note: string, key: NotaryKeys): void {
  const { text, signatures } = splitNote(note);
  const id = keyId(key.name, key.publicKey);
  for (const signatureLine of signatures) {
    const read = readSignatureLine(signatureLine);
    if (!read || read.name !== key.name || !read.bytes.subarray(0, 4).equals(id)) continue;
    if (read.bytes.length !== 68 || !verify(null, Buffer.from(text, 'utf8'), key.publicKey, read.bytes.subarray(4))) {
      throw new CheckpointRejected(`a signature line by ${key.name} does not verify`);
    }
  }
}
