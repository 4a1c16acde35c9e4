import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';

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
export function loadOrCreateKeys(
  dir: string,
  name: string,
  options: { writePublic?: boolean } = {},
): NotaryKeys & { privateKey: KeyObject } {
  const privatePath = join(dir, 'notary-ed25519.pem');
  mkdirSync(dir, { recursive: true });
  if (!existsSync(privatePath)) {
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(privatePath, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
    chmodSync(privatePath, 0o600);
  }
  const privateKey = createPrivateKey(readFileSync(privatePath));
  const keys = { name, privateKey, publicKey: createPublicKey(privateKey) };
  if (options.writePublic ?? true) writeFileSync(join(dir, 'notary.pub'), `${verifierKey(keys)}\n`);
  return keys;
}

/** Where the signing key comes from: a file or an environment secret kept apart from the data, or (the default) the data folder. */
export interface KeySource {
  /** A PEM (PKCS#8 Ed25519) private key, e.g. from an environment secret. */
  readonly pem?: string;
  /** A path to such a PEM. */
  readonly file?: string;
}

export interface LoadedKeys {
  /** Without a private key only read-only: the verifier key from notary.pub checks the checkpoints, and nothing is signed. */
  readonly keys: NotaryKeys;
  readonly location: 'environment' | 'file' | 'data folder';
  /** What is weak about where the key is kept (a key beside the data can re-sign altered data). */
  readonly weaknesses: readonly string[];
  /** What went wrong with the key that the notary must raise as alarms: a key lost, or replaced. */
  readonly alarms: readonly string[];
}

/**
 * The notary's key, from `source` when given (never written anywhere), else from `dir`, made on first start. A key that
 * is not the one `notary.pub` named, or one made anew while checkpoints signed by another exist, is an alarm: losing or
 * replacing the key is never silent.
 */
export function loadNotaryKeys(dir: string, name: string, source: KeySource = {}, dataDir?: string, readOnly = false): LoadedKeys {
  const weaknesses: string[] = [];
  const alarms: string[] = [];
  if (readOnly && source.pem === undefined && source.file === undefined) return readOnlyKeys(dir, name);
  let privateKey: KeyObject;
  let location: LoadedKeys['location'];
  if (source.pem !== undefined) {
    privateKey = parsePrivateKey(source.pem, 'the key given in the environment');
    location = 'environment';
  } else if (source.file !== undefined) {
    let pem: Buffer;
    try {
      pem = readFileSync(source.file);
    } catch (error) {
      throw new Error(
        `${source.file}: the notary's signing key cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
        { cause: error },
      );
    }
    privateKey = parsePrivateKey(pem, source.file);
    location = 'file';
    if (dataDir !== undefined && isInside(dataDir, source.file))
      weaknesses.push(`the signing key ${source.file} is inside the data folder: whoever can edit the data can re-sign it`);
    if ((statSync(source.file).mode & 0o077) !== 0)
      weaknesses.push(`the signing key ${source.file} can be read by other users: chmod 600 it`);
  } else {
    const privatePath = join(dir, 'notary-ed25519.pem');
    if (!existsSync(privatePath) && existsSync(join(dir, 'checkpoints.ndjson')) && readFileSync(join(dir, 'checkpoints.ndjson')).length > 0)
      alarms.push(
        `the signing key ${privatePath} was missing: a new key was made, and the checkpoints signed before cannot be checked with it`,
      );
    privateKey = loadOrCreateKeys(dir, name, { writePublic: false }).privateKey;
    location = 'data folder';
    weaknesses.push(
      `the signing key is kept in the data folder (${privatePath}): whoever can edit the data can re-sign it; keep it apart (LEDGER_NOTARY_KEY_FILE or LEDGER_NOTARY_KEY) and have witnesses cosign`,
    );
  }
  const keys = { name, privateKey, publicKey: createPublicKey(privateKey) };
  const publicPath = join(dir, 'notary.pub');
  const current = verifierKey(keys);
  const named = existsSync(publicPath) ? readFileSync(publicPath, 'utf8').trim() : undefined;
  if (named !== undefined && named !== current)
    alarms.push(`the signing key changed: ${publicPath} names ${named}, the key in use is ${current}`);
  if (named === undefined && !readOnly) {
    try {
      mkdirSync(dir, { recursive: true });
      writeFileSync(publicPath, `${current}\n`);
    } catch {
      // A read-only data folder can still be served: the verifier key is also in notaryStatus.
    }
  }
  return { keys, location, weaknesses, alarms };
}

/**
 * A read-only service signs nothing, so it needs only the verifier key, and makes none: the private key in the data
 * folder if it is there (to compare with notary.pub, as at any start), else notary.pub. Neither: nothing can check the
 * checkpoints, which is an alarm, not a reason to write a key into a folder that must stay as it is.
 */
function readOnlyKeys(dir: string, name: string): LoadedKeys {
  const privatePath = join(dir, 'notary-ed25519.pem');
  const publicPath = join(dir, 'notary.pub');
  const named = existsSync(publicPath) ? readFileSync(publicPath, 'utf8').trim() : undefined;
  const weaknesses = [
    `read-only: nothing is signed here, and checkpoints are checked with ${existsSync(privatePath) ? privatePath : publicPath}`,
  ];
  if (existsSync(privatePath)) {
    const privateKey = parsePrivateKey(readFileSync(privatePath), privatePath);
    const keys = { name, privateKey, publicKey: createPublicKey(privateKey) };
    const alarms =
      named !== undefined && named !== verifierKey(keys)
        ? [`the signing key changed: ${publicPath} names ${named}, the key in ${privatePath} is ${verifierKey(keys)}`]
        : [];
    return { keys, location: 'data folder', weaknesses, alarms };
  }
  if (named === undefined) {
    // A throwaway key stands in, so the notary can follow the log; every checkpoint it cannot check is an alarm of its own.
    const { publicKey } = generateKeyPairSync('ed25519');
    const signed = existsSync(join(dir, 'checkpoints.ndjson')) && statSync(join(dir, 'checkpoints.ndjson')).size > 0;
    return {
      keys: { name, publicKey },
      location: 'data folder',
      weaknesses,
      alarms: signed ? [`neither ${privatePath} nor ${publicPath} is there: the checkpoints cannot be checked`] : [],
    };
  }
  let keys: NotaryKeys;
  try {
    keys = parseVerifierKey(named);
  } catch (error) {
    throw new Error(`${publicPath} line 1: not a verifier key (${(error as Error).message})`, { cause: error });
  }
  if (keys.name !== name) throw new Error(`${publicPath} line 1: the key is for the log ${keys.name}, not ${name} (LEDGER_LOG_ORIGIN)`);
  return { keys, location: 'data folder', weaknesses, alarms: [] };
}

function parsePrivateKey(pem: string | Buffer, where: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (error) {
    throw new Error(`${where}: not a PEM private key (${(error as Error).message})`, { cause: error });
  }
  if (key.asymmetricKeyType !== 'ed25519')
    throw new Error(`${where}: the notary signs with Ed25519, and this is a ${key.asymmetricKeyType} key`);
  return key;
}

function isInside(parent: string, path: string): boolean {
  const between = relative(resolve(parent), resolve(path));
  return between === '' || (!between.startsWith('..') && !isAbsolute(between));
}
