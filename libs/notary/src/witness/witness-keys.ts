import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { cosignerVerifierKey, validKeyName, type CosignerKey } from './cosignature';

export type WitnessKeys = CosignerKey & { readonly privateKey: KeyObject };

export function witnessKeyFiles(dir: string) {
  return {
    privateKey: join(dir, 'witness-ed25519.pem'),
    /** The key name, fixed at first start: the verifier key (and every key id) depends on it. */
    name: join(dir, 'witness.name'),
    publicKey: join(dir, 'witness.pub'),
  };
}

/**
 * The witness's own key, generated on first start into its data folder (readable by its owner only) and read back
 * afterwards. It is never the log's key: the point of a witness is a second key the log's operator does not hold.
 */
export function loadOrCreateWitnessKeys(dir: string, name?: string): WitnessKeys {
  const files = witnessKeyFiles(dir);
  mkdirSync(dir, { recursive: true });
  const stored = existsSync(files.name) ? readFileSync(files.name, 'utf8').trim() : undefined;
  if (stored !== undefined && name !== undefined && name !== stored) {
    throw new Error(`this witness is named ${stored} (${files.name}); a new name would be a new witness: use a new folder`);
  }
  const keyName = stored ?? name ?? `${hostname().toLowerCase()}/plan-ledger-witness`;
  if (!validKeyName(keyName)) throw new Error(`a witness name may hold no spaces and no '+': ${JSON.stringify(keyName)}`);
  if (!existsSync(files.privateKey)) {
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(files.privateKey, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
    chmodSync(files.privateKey, 0o600);
  }
  if (stored === undefined) writeFileSync(files.name, `${keyName}\n`);
  const privateKey = createPrivateKey(readFileSync(files.privateKey));
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`${files.privateKey} is not an Ed25519 key`);
  const keys = { name: keyName, privateKey, publicKey: createPublicKey(privateKey) };
  writeFileSync(files.publicKey, `${cosignerVerifierKey(keys)}\n`);
  return keys;
}
