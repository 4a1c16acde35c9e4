import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { rawPublicKey } from '../checkpoint/notary-keys';

/**
 * The C2SP signed-note signature type of tlog-cosignature v1 (timestamped Ed25519). It differs from the log's 0x01, so a
 * witness key can never be mistaken for a log key, nor its cosignature for the log's signature, even under one name.
 */
export const COSIGNATURE_V1 = 0x04;

/** Key id (4) + big-endian timestamp (8) + Ed25519 signature (64). */
const COSIGNATURE_BYTES = 76;

export interface CosignerKey {
  /** The witness's key name in signature lines, e.g. `auditor.example/witness`. */
  readonly name: string;
  readonly publicKey: KeyObject;
}

export interface Cosignature {
  readonly name: string;
  readonly keyId: Buffer;
  /** When the witness cosigned, in POSIX seconds. */
  readonly timestamp: bigint;
  readonly signature: Buffer;
}

/** SHA-256(name || "\n" || 0x04 || 32-byte public key)[:4], per tlog-cosignature. */
export function cosignatureKeyId(name: string, publicKey: KeyObject): Buffer {
  return createHash('sha256')
    .update(Buffer.from(`${name}\n`, 'utf8'))
    .update(Buffer.from([COSIGNATURE_V1]))
    .update(rawPublicKey(publicKey))
    .digest()
    .subarray(0, 4);
}

/** `<name>+<key id hex>+<base64(0x04 || key)>`: what a verifier passes to `ledger verify --witness`. */
export function cosignerVerifierKey(key: CosignerKey): string {
  const encoded = Buffer.concat([Buffer.from([COSIGNATURE_V1]), rawPublicKey(key.publicKey)]).toString('base64');
  return `${key.name}+${cosignatureKeyId(key.name, key.publicKey).toString('hex')}+${encoded}`;
}

/** Signed-note key names may hold neither spaces nor '+' (the vkey separator). */
export function validKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+]/u.test(name) && !/\p{Cc}/u.test(name);
}

export function parseCosignerKey(text: string): CosignerKey {
  // 33 bytes are exactly 44 base64 characters; matched by length, since base64 may hold '+' and a key name may not.
  const match = /^([^\s+]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]{44})$/.exec(text.trim());
  if (!match) throw new Error(`a witness key reads <name>+<8 hex digits>+<base64 key>, not ${JSON.stringify(text.trim().slice(0, 80))}`);
  const [, name, id, key] = match;
  const encoded = Buffer.from(key, 'base64');
  if (encoded.length !== 33) throw new Error(`the witness key ${name} is not an Ed25519 key`);
  if (encoded[0] === 0x01) throw new Error(`${name}+${id} is a log (signed-note) key, not a witness cosignature key (type 0x04)`);
  if (encoded[0] !== COSIGNATURE_V1) throw new Error(`the witness key ${name} has signature type 0x${encoded[0].toString(16)}, not 0x04`);
  const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: encoded.subarray(1).toString('base64url') }, format: 'jwk' });
  if (cosignatureKeyId(name, publicKey).toString('hex') !== id) throw new Error(`the witness key id ${id} does not match its key`);
  return { name, publicKey };
}

/** The signed message: the header line, the time line, then the checkpoint's note text (extension lines included). */
export function cosignedMessage(noteText: string, timestamp: bigint): Buffer {
  return Buffer.from(`cosignature/v1\ntime ${timestamp}\n${noteText}`, 'utf8');
}

/**
 * A signed note split at its last blank line, as signed-note defines: the text (ending in a newline) and its signature
 * lines (without the newline).
 */
export function splitNote(note: string): { text: string; signatures: string[] } {
  const separator = note.lastIndexOf('\n\n');
  if (separator < 0) throw new Error('not a signed note: no blank line before the signatures');
  return {
    text: note.slice(0, separator + 1),
    signatures: note
      .slice(separator + 2)
      .split('\n')
      .filter((line) => line.length > 0),
  };
}

/** One signature line read as `— <name> <base64>`, or undefined when it is not one. */
export function readSignatureLine(line: string): { name: string; bytes: Buffer } | undefined {
  const match = /^\u2014 (\S+) ([A-Za-z0-9+/]+={0,2})$/.exec(line);
  if (!match) return undefined;
  const bytes = Buffer.from(match[2], 'base64');
  // Only canonical base64: two spellings of one signature would make "the same line" ambiguous.
  return bytes.toString('base64') === match[2] ? { name: match[1], bytes } : undefined;
}

/** A cosignature line for the note text, `— <name> base64(key id || timestamp || signature)` with its newline. */
export function cosign(noteText: string, key: CosignerKey & { privateKey: KeyObject }, timestamp: bigint): string {
  if (timestamp <= 0n || timestamp > 2n ** 63n - 1n) throw new Error('a cosignature timestamp must be from 1 to 2^63 - 1');
  const time = Buffer.alloc(8);
  time.writeBigUInt64BE(timestamp);
  const signature = sign(null, cosignedMessage(noteText, timestamp), key.privateKey);
  const bytes = Buffer.concat([cosignatureKeyId(key.name, key.publicKey), time, signature]);
  return `\u2014 ${key.name} ${bytes.toString('base64')}\n`;
}

export type CosignatureCheck =
  | { readonly status: 'valid'; readonly cosignature: Cosignature }
  | { readonly status: 'invalid'; readonly reason: string }
  | { readonly status: 'missing' };

/**
 * What one witness's key says about a note: a valid cosignature, one that fails (which signed-note says spoils the
 * note), or none. Lines from other keys are ignored, as signed-note requires, even when they share a name or an id.
 */
export function checkCosignature(note: string, key: CosignerKey): CosignatureCheck {
  const { text, signatures } = splitNote(note);
  const id = cosignatureKeyId(key.name, key.publicKey);
  let found: Cosignature | undefined;
  for (const line of signatures) {
    const read = readSignatureLine(line);
    if (!read || read.name !== key.name || read.bytes.length < 4 || !read.bytes.subarray(0, 4).equals(id)) continue;
    if (read.bytes.length !== COSIGNATURE_BYTES) return { status: 'invalid', reason: `a cosignature by ${key.name} is not 76 bytes` };
    const timestamp = read.bytes.readBigUInt64BE(4);
    const signature = read.bytes.subarray(12);
    if (timestamp === 0n || timestamp > 2n ** 63n - 1n)
      return { status: 'invalid', reason: `a cosignature by ${key.name} has no valid time` };
    if (!verify(null, cosignedMessage(text, timestamp), key.publicKey, signature)) {
      return {
        status: 'invalid',
        reason: `the cosignature by ${key.name} does not verify: the checkpoint was altered after it was cosigned`,
      };
    }
    found ??= { name: key.name, keyId: id, timestamp, signature };
  }
  return found ? { status: 'valid', cosignature: found } : { status: 'missing' };
}

/** The note with the given signature lines appended, each once: how a log keeps the cosignatures a witness returned. */
export function addSignatureLines(note: string, lines: readonly string[]): string {
  const { signatures } = splitNote(note);
  const have = new Set(signatures);
  const added: string[] = [];
  for (const line of lines.map((l) => l.replace(/\n$/, ''))) {
    if (!readSignatureLine(line)) throw new Error(`not a signature line: ${JSON.stringify(line.slice(0, 80))}`);
    if (!have.has(line)) {
      have.add(line);
      added.push(line);
    }
  }
  return added.length === 0 ? note : `${note.endsWith('\n') ? note : `${note}\n`}${added.map((l) => `${l}\n`).join('')}`;
}
