import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The C2SP signed-note algorithm byte for Ed25519. */
const ED25519 = 0x01;

export interface NotaryKeys {
  /** The key's name in signed notes: the log's origin. */
  readonly name: string;
  readonly privateKey?: KeyObject;
  readonly publicKey: KeyObject;
}

export function rawPublicKey(key: KeyObject): Buffer {
  return Buffer.from(key.export({ format: 'jwk' }).x as string, 'base64url');
}

/** First four bytes of SHA-256(name || "\n" || 0x01 || public key): the key id of a C2SP signed-note signature. */
export function keyId(name: string, publicKey: KeyObject): Buffer {
  return createHash('sha256')
    .update(Buffer.from(`${name}\n`, 'utf8'))
    .update(Buffer.from([ED25519]))
    .update(rawPublicKey(publicKey))
    .digest()
    .subarray(0, 4);
}

/** The verifier key in the C2SP note format, `<name>+<key id hex>+<base64(0x01 || key)>`: printable, pasteable into minutes. */
export function verifierKey(keys: Pick<NotaryKeys, 'name' | 'publicKey'>): string {
  const encoded = Buffer.concat([Buffer.from([ED25519]), rawPublicKey(keys.publicKey)]).toString('base64');
  return `${keys.name}+${keyId(keys.name, keys.publicKey).toString('hex')}+${encoded}`;
}

export function parseVerifierKey(text: string): NotaryKeys {
  // <name>+<8 hex>+<44 base64 chars (33 bytes, no padding)>: matched by length, since base64 may itself contain "+".
  const match = /^(.+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]{44})$/.exec(text.trim());
  if (!match) throw new Error('a verifier key reads <name>+<8 hex digits>+<base64 Ed25519 key>');
  const [, name, id, key] = match;
  const encoded = Buffer.from(key, 'base64');
  if (encoded.length !== 33 || encoded[0] !== ED25519) throw new Error('the verifier key is not an Ed25519 key');
  const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: encoded.subarray(1).toString('base64url') }, format: 'jwk' });
  if (keyId(name, publicKey).toString('hex') !== id) throw new Error('the verifier key id does not match its key');
  return { name, publicKey };
}

/**
 * The notary's signing key, generated on first start into `dir` (private key readable by its owner only)
 * and read back afterwards.
 */
export function loadOrCreateKeys(dir: string, name: string): NotaryKeys & { privateKey: KeyObject } {
  const privatePath = join(dir, 'notary-ed25519.pem');
  mkdirSync(dir, { recursive: true });
  if (!existsSync(privatePath)) {
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(privatePath, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
    chmodSync(privatePath, 0o600);
  }
  const privateKey = createPrivateKey(readFileSync(privatePath));
  const keys = { name, privateKey, publicKey: createPublicKey(privateKey) };
  writeFileSync(join(dir, 'notary.pub'), `${verifierKey(keys)}\n`);
  return keys;
}
