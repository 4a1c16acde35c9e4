import { join } from 'node:path';

/** An audit bundle is a folder of three files an auditor can check with no database and no network. */
export function bundleFiles(dir: string) {
  return {
    /** One line a stored event: `{"event":<stored canonical bytes>,"position":N}`, exactly the Merkle leaf input. */
    events: join(dir, 'events.ndjson'),
    /** Every signed checkpoint, `{"note": "..."}` a line, oldest first. */
    checkpoints: join(dir, 'checkpoints.ndjson'),
    /** The notary's verifier key. */
    publicKey: join(dir, 'notary.pub'),
  };
}
