import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  bundleFiles,
  leafHash,
  MerkleTree,
  parseVerifierKey,
  signCheckpoint,
  verifierKey,
  verifyBundle,
  type NotaryKeys,
} from '@plan-ledger/notary';
import {
  addSignatureLines,
  checkCosignature,
  cosign,
  cosignerVerifierKey,
  formatAddCheckpoint,
  lockWitnessDir,
  parseAddCheckpoint,
  parseCosignerKey,
  Witness,
  type WitnessKeys,
} from '../src/witness';

/**
 * From transparency-dev/witness, witness/witness_test.go: the log "monkeys" (an Ed25519 note key), its checkpoints of
 * size 5 and 8, the RFC 6962 consistency proof between them, and the Go witness's own test key.
 */
const GO = {
  logKey: 'monkeys+db4d9f7e+AULaJMvTtDLHPUcUrjdDad9vDlh/PTfC2VV60JUtCfWT',
  init: 'monkeys\n5\n41smjBUiAU70EtKlT6lIOIYtRTYxYXsDB+XHfcvu/BE=\n\n— monkeys 202fftzGl3LVoqjXfwCFZZXs8I+5G22+Ek2K0AOyBuSJ/8/CZawNF+6fNlTKOCd622pbzJNkkJFWuw9DbicZCkEx9AY=\n',
  next: 'monkeys\n8\nV8K9aklZ4EPB+RMOk1/8VsJUdFZR77GDtZUQq84vSbo=\n\n— monkeys 202ffoUEboiQYpHzICeaFmoy3RNviHTpAxYrq/eO4QQVQMvu9UebKBMX2MJC76NLthZaKsnKbCA8GxrjePZhvDCH7Ag=\n',
  proof: [
    'b9e1d62618f7fee8034e4c5010f727ab24d8e4705cb296c374bf2025a87a10d2',
    'aac66cd7a79ce4012d80762fe8eec3a77f22d1ca4145c3f4cee022e7efcd599d',
    '89d0f753f66a290c483b39cd5e9eafb12021293395fad3d4a2ad053cfbcfdc9e',
    '29e40bb79c966f4c6fe96aff6f30acfce5f3e8d84c02215175d6e018a5dee833',
  ].map((hex) => Buffer.from(hex, 'hex')),
  witnessSecret: 'PRIVATE+KEY+witness+f13a86db+AaLa/dfyBhyo/m0Z7WCi98ENVZWtrP8pxgRNrx7tIWiA',
  witnessPublic: 'witness+f13a86db+AdYV1Ztajd9BvyjP2HgpwrqYL6TjOwIjGMOq8Bu42xbN',
};

/** tlog-cosignature's own example line, cosigned at the time of its "Ed25519 signed message" example. */
const SPEC_COSIGNATURE =
  '— witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==';

/** An Ed25519 key from a signed-note private key string, `PRIVATE+KEY+<name>+<id>+base64(0x01 || seed)`. */
function goSecretKey(secret: string): { name: string; privateKey: KeyObject; publicKey: KeyObject } {
  const [, , name, , ...encoded] = secret.split('+');
  const seed = Buffer.from(encoded.join('+'), 'base64').subarray(1);
  const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
  const privateKey = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
  return { name, privateKey, publicKey: createPublicKey(privateKey) };
}

function logKeys(name: string): NotaryKeys & { privateKey: KeyObject } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { name, privateKey, publicKey };
}

const body = (old: number, proof: readonly Buffer[], note: string): string => formatAddCheckpoint(old, proof, note);

describe('witness (C2SP tlog-witness, tlog-cosignature)', () => {
  let root: string;
  let at = Date.parse('2026-03-01T10:00:00Z');
  const now = (): Date => new Date(at);
  const freshDir = (): string => mkdtempSync(join(root, 'w-'));

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'ledger-witness-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  describe('cosignatures', () => {
    const witness: WitnessKeys = { name: 'auditor.example/witness', ...generateKeyPairSync('ed25519') };
    const text = 'plan-ledger.test/log\n3\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\ntime 2026-03-01T10:00:00.000Z\n';
    const note = `${text}\n— plan-ledger.test/log AAAAAAAA\n`;

    it('round-trips: a cosignature verifies under the printed verifier key, and an altered note does not', () => {
      const line = cosign(text, witness, 1_772_359_200n);
      const cosigned = addSignatureLines(note, [line]);
      expect(cosigned).toBe(`${note}${line}`);
      expect(addSignatureLines(cosigned, [line])).toBe(cosigned);
      const key = parseCosignerKey(cosignerVerifierKey(witness));
      expect(checkCosignature(cosigned, key)).toMatchObject({ status: 'valid', cosignature: { timestamp: 1_772_359_200n } });
      expect(checkCosignature(cosigned.replace('\n3\n', '\n4\n'), key)).toMatchObject({ status: 'invalid' });
      expect(checkCosignature(note, key)).toEqual({ status: 'missing' });
      // Same name, other key: another key id, so the line is ignored, as signed-note requires.
      const other = { name: witness.name, ...generateKeyPairSync('ed25519') };
      expect(checkCosignature(cosigned, other)).toEqual({ status: 'missing' });
    });

    it('uses signature type 0x04, so a log key is refused as a witness key, and vice versa', () => {
      const vkey = cosignerVerifierKey(witness);
      expect(Buffer.from(vkey.slice(-44), 'base64')[0]).toBe(0x04);
      expect(() => parseVerifierKey(vkey)).toThrow(/not an Ed25519 key/);
      expect(() => parseCosignerKey(verifierKey(witness))).toThrow(/a log \(signed-note\) key, not a witness cosignature key/);
      expect(() => parseCosignerKey(vkey.replace(/\+[0-9a-f]{8}\+/, '+00000000+'))).toThrow(/does not match its key/);
    });

    it('known answer: the Go witness test key gives the Go public key, and the 0x04 key id and a cosignature pinned here', () => {
      const goWitness = goSecretKey(GO.witnessSecret);
      // The 0x01 form is the Go test's own wPK: same seed, same public key, same signed-note key id.
      expect(verifierKey(goWitness)).toBe(GO.witnessPublic);
      // Ed25519 is deterministic, so these are fixed by the key, the time and the note. They were computed apart from
      // this code, in Python (`cryptography`), straight from the tlog-cosignature text.
      expect(cosignerVerifierKey(goWitness)).toBe('witness+24b37851+BNYV1Ztajd9BvyjP2HgpwrqYL6TjOwIjGMOq8Bu42xbN');
      const line = cosign('monkeys\n5\n41smjBUiAU70EtKlT6lIOIYtRTYxYXsDB+XHfcvu/BE=\n', goWitness, 1679315147n);
      expect(line).toBe(PINNED_COSIGNATURE);
    });

    it("reads the spec's example line: key id, then the big-endian time of the spec's signed message", () => {
      const bytes = Buffer.from(SPEC_COSIGNATURE.split(' ')[2], 'base64');
      expect(bytes.length).toBe(76);
      expect(bytes.readBigUInt64BE(4)).toBe(1679315147n);
      const specNote = `example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n${SPEC_COSIGNATURE}\n`;
      // Its key is not published, so under any key we hold it is someone else's line: ignored, not failed.
      expect(checkCosignature(specNote, { name: 'witness.example.com/w1', publicKey: witness.publicKey })).toEqual({ status: 'missing' });
    });
  });

  describe('add-checkpoint', () => {
    it('parses the body of the spec, and refuses what is not that', () => {
      const parsed = parseAddCheckpoint(body(5, GO.proof, GO.next));
      expect(parsed).toMatchObject({ oldSize: 5n, note: GO.next });
      expect(parsed.proof.map((h) => h.toString('hex'))).toEqual(GO.proof.map((h) => h.toString('hex')));
      expect(() => parseAddCheckpoint(`old 05\n\n${GO.next}`)).toThrow(/no leading zeroes/);
      expect(() => parseAddCheckpoint(`old 5\nnot-base64\n\n${GO.next}`)).toThrow(/proof line 1/);
      expect(() => parseAddCheckpoint(`old 5\n${GO.next}`)).toThrow();
      expect(() => parseAddCheckpoint(body(5, Array(64).fill(GO.proof[0]), GO.next))).toThrow(/more than 63/);
    });

    it('known answer: cosigns the Go witness test log from 0 to 5, then to 8 with its consistency proof', () => {
      const witness = new Witness({ dir: freshDir(), logs: [GO.logKey], name: 'witness.test/w1', now });
      const first = witness.addCheckpoint(body(0, [], GO.init));
      expect(first.status).toBe(200);
      const key = parseCosignerKey(witness.verifierKey);
      expect(checkCosignature(addSignatureLines(GO.init, [first.body]), key).status).toBe('valid');
      const second = witness.addCheckpoint(body(5, GO.proof, GO.next));
      expect(second.status).toBe(200);
      expect(checkCosignature(addSignatureLines(GO.next, [second.body]), key).status).toBe('valid');
    });

    it('answers 422 to a wrong proof, keeps the refused checkpoint as evidence, and stays at its size', () => {
      const dir = freshDir();
      const witness = new Witness({ dir, logs: [GO.logKey], now });
      expect(witness.addCheckpoint(body(0, [], GO.init)).status).toBe(200);
      const wrong = [...GO.proof];
      wrong[2] = Buffer.alloc(32, 1);
      const refused = witness.addCheckpoint(body(5, wrong, GO.next));
      expect(refused.status).toBe(422);
      expect(refused.body).toMatch(/not consistent with the one of size 5 this witness cosigned/);
      expect(witness.addCheckpoint(body(5, GO.proof.slice(1), GO.next)).status).toBe(422);
      const evidence = readFileSync(join(dir, 'refused.ndjson'), 'utf8').trim().split('\n');
      expect(evidence).toHaveLength(2);
      expect(JSON.parse(evidence[0])).toMatchObject({ origin: 'monkeys', old: '5', note: GO.next });
      expect(witness.state.get('monkeys')?.size).toBe(5n);
    });

    it('answers 409 with its own size when `old` is not the size it last cosigned', () => {
      const witness = new Witness({ dir: freshDir(), logs: [GO.logKey], now });
      expect(witness.addCheckpoint(body(0, [], GO.init)).status).toBe(200);
      expect(witness.addCheckpoint(body(0, [], GO.next))).toEqual({ status: 409, contentType: 'text/x.tlog.size', body: '5\n' });
      expect(witness.addCheckpoint(body(3, GO.proof, GO.next))).toMatchObject({ status: 409, body: '5\n' });
    });

    it('refuses a fork: another root at the size it cosigned, even signed by the log key', () => {
      const log = logKeys('plan-ledger.test/log');
      const witness = new Witness({ dir: freshDir(), logs: [verifierKey(log)], now });
      const tree = new MerkleTree();
      for (let i = 0; i < 7; i++) tree.append(leafHash(Buffer.from(`event ${i}`)));
      const honest = signCheckpoint(log, 7n, tree.root(), '2026-03-01T10:00:00.000Z');
      expect(witness.addCheckpoint(body(0, [], honest.note)).status).toBe(200);
      const forked = signCheckpoint(log, 7n, Buffer.alloc(32, 9), '2026-03-01T10:05:00.000Z');
      const refused = witness.addCheckpoint(body(7, [], forked.note));
      expect(refused.status).toBe(422);
      expect(refused.body).toMatch(/equal sizes but different roots/);
      // The same checkpoint again is fine: a witness re-cosigns the tree head it holds.
      expect(witness.addCheckpoint(body(7, [], honest.note)).status).toBe(200);
      // A smaller tree (a rollback) cannot be submitted from the size the witness holds.
      const smaller = signCheckpoint(log, 3n, tree.root(3), '2026-03-01T10:06:00.000Z');
      expect(witness.addCheckpoint(body(7, [], smaller.note)).status).toBe(400);
      expect(witness.addCheckpoint(body(3, [], smaller.note))).toMatchObject({ status: 409, body: '7\n' });
    });

    it('answers 404 for an unknown log, 403 for a checkpoint its key did not sign, 400 and 422 for the rest', () => {
      const log = logKeys('plan-ledger.test/log');
      const stolen = logKeys('plan-ledger.test/log');
      const witness = new Witness({ dir: freshDir(), logs: [verifierKey(log)], now });
      const tree = new MerkleTree();
      tree.append(leafHash(Buffer.from('one')));
      const good = signCheckpoint(log, 1n, tree.root(), '2026-03-01T10:00:00.000Z');
      expect(witness.addCheckpoint(body(0, [], signCheckpoint(logKeys('other.test/log'), 1n, tree.root(), good.time).note)).status).toBe(
        404,
      );
      expect(witness.addCheckpoint(body(0, [], signCheckpoint(stolen, 1n, tree.root(), good.time).note)).status).toBe(403);
      expect(
        witness.addCheckpoint(body(0, [], good.note.replace(good.rootHash.toString('base64'), Buffer.alloc(32).toString('base64')))).status,
      ).toBe(403);
      // A second line with the log's name and key id that fails to verify makes the note malformed (signed-note).
      const sigLine = good.note.split('\n\n')[1].trim();
      const badTwin = `${sigLine.slice(0, -8)}AAAAAAA=`;
      expect(witness.addCheckpoint(body(0, [], `${good.note}${badTwin}\n`)).status).toBe(403);
      expect(witness.addCheckpoint(body(2, [], good.note)).status).toBe(400);
      expect(witness.addCheckpoint(body(0, [Buffer.alloc(32)], good.note)).status).toBe(422);
      expect(witness.addCheckpoint(body(0, [], signCheckpoint(log, 0n, Buffer.alloc(32, 1), good.time).note)).status).toBe(422);
      expect(witness.addCheckpoint('hello').status).toBe(400);
      expect(witness.addCheckpoint(body(0, [], good.note)).status).toBe(200);
    });

    it('keeps its state and key across a restart, and its time never runs back for a log', () => {
      const dir = freshDir();
      const first = new Witness({ dir, logs: [GO.logKey], name: 'witness.test/persist', now });
      expect(first.addCheckpoint(body(0, [], GO.init)).status).toBe(200);
      const printed = first.verifierKey;
      expect(readFileSync(join(dir, 'witness.pub'), 'utf8').trim()).toBe(printed);

      at -= 3600_000; // the clock was set back between runs
      const second = new Witness({ dir, logs: [GO.logKey], now });
      expect(second.verifierKey).toBe(printed);
      expect(second.addCheckpoint(body(0, [], GO.next))).toMatchObject({ status: 409, body: '5\n' });
      const next = second.addCheckpoint(body(5, GO.proof, GO.next));
      expect(next.status).toBe(200);
      const check = checkCosignature(addSignatureLines(GO.next, [next.body]), parseCosignerKey(printed));
      expect(check.status === 'valid' && check.cosignature.timestamp).toBe(first.state.get('monkeys')!.timestamp + 1n);
      expect(new Witness({ dir, logs: [GO.logKey] }).state.get('monkeys')?.size).toBe(8n);
      expect(new Witness({ dir, logs: [GO.logKey] }).latestCheckpoint('0'.repeat(64)).status).toBe(404);
      expect(() => new Witness({ dir, logs: [GO.logKey], name: 'another/name' })).toThrow(/new name would be a new witness/);
    });

    it('refuses to start on a damaged state file rather than forget what it cosigned', () => {
      const dir = freshDir();
      new Witness({ dir, logs: [GO.logKey], now }).addCheckpoint(body(0, [], GO.init));
      writeFileSync(join(dir, 'state.json'), '{"version":1,"logs":');
      expect(() => new Witness({ dir, logs: [GO.logKey] })).toThrow(/forgot what it cosigned/);
    });

    it('lets one process at a time serve a witness folder', () => {
      const dir = freshDir();
      const release = lockWitnessDir(dir);
      writeFileSync(join(dir, 'witness.lock'), '1\n'); // pid 1 is always alive
      expect(() => lockWitnessDir(dir)).toThrow(/another witness \(process 1\)/);
      release();
      expect(existsSync(join(dir, 'witness.lock'))).toBe(false);
      lockWitnessDir(dir)();
    });
  });

  describe('verifyBundle with witnesses', () => {
    const log = logKeys('plan-ledger.test/log');
    const w1: WitnessKeys = { name: 'auditor.example/witness', ...generateKeyPairSync('ed25519') };
    const w2: WitnessKeys = { name: 'dfe.example/witness', ...generateKeyPairSync('ed25519') };
    let bundle: string;
    let notes: string[];

    /** A bundle of 6 events under checkpoints at 3 and 6, written as `ledger export` writes one. */
    beforeAll(() => {
      bundle = join(root, 'bundle');
      mkdirSync(bundle, { recursive: true });
      const lines = Array.from(
        { length: 6 },
        (_, i) => `{"event":{"data":{"n":${i + 1}},"recordedAt":"2026-03-01T10:0${i}:00.000Z","type":"T"},"position":${i + 1}}`,
      );
      writeFileSync(bundleFiles(bundle).events, lines.map((l) => `${l}\n`).join(''));
      const tree = new MerkleTree();
      for (const line of lines) tree.append(leafHash(Buffer.from(line)));
      notes = [3, 6].map((size) => signCheckpoint(log, BigInt(size), tree.root(size), `2026-03-01T10:0${size}:30.000Z`).note);
      writeFileSync(bundleFiles(bundle).publicKey, `${verifierKey(log)}\n`);
    });
    const writeNotes = (list: string[]): void =>
      writeFileSync(bundleFiles(bundle).checkpoints, list.map((note) => `${JSON.stringify({ note })}\n`).join(''));
    const cosigned = (note: string, ...witnesses: WitnessKeys[]): string =>
      addSignatureLines(
        note,
        witnesses.map((w) => cosign(note.slice(0, note.lastIndexOf('\n\n') + 1), w, 1_772_359_300n)),
      );
    const policy = (quorum?: number) => ({ witnesses: [cosignerVerifierKey(w1), cosignerVerifierKey(w2)], quorum });

    it('keeps the old behaviour without witnesses, and names the checkpoint that lacks a quorum', () => {
      writeNotes([notes[0], cosigned(notes[1], w1, w2)]);
      expect(verifyBundle(bundle)).toMatchObject({ ok: true, checkpoints: 2 });
      const report = verifyBundle(bundle, { witnesses: policy() });
      expect(report.failure).toMatchObject({ check: 'WITNESS_QUORUM' });
      expect(report.failure?.message).toMatch(/^checkpoint 1 \(size 3, .*carries 0 valid witness cosignatures of the 2 required/);
    });

    it('counts a quorum of distinct witnesses', () => {
      writeNotes([cosigned(notes[0], w1), cosigned(notes[1], w2)]);
      expect(verifyBundle(bundle, { witnesses: policy(1) })).toMatchObject({ ok: true, witnessed: { quorum: 1, of: 2 } });
      expect(verifyBundle(bundle, { witnesses: policy(2) }).failure?.message).toMatch(
        /^checkpoint 1 .*1 valid witness cosignature of the 2/,
      );
      writeNotes([cosigned(notes[0], w1, w2), cosigned(notes[1], w2, w1)]);
      expect(verifyBundle(bundle, { witnesses: policy() })).toMatchObject({ ok: true, witnessed: { quorum: 2, of: 2 } });
      expect(() => verifyBundle(bundle, { witnesses: policy(3) })).toThrow(/quorum must be a whole number from 1 to 2/);
      expect(() => verifyBundle(bundle, { witnesses: { witnesses: [cosignerVerifierKey(w1), cosignerVerifierKey(w1)] } })).toThrow(
        /given twice/,
      );
    });

    it("fails a cosignature moved onto a checkpoint re-signed with the log's stolen key", () => {
      // Same root, another time: every check of the log's own passes, and only the witness's cosignature tells.
      const honest = cosigned(notes[1], w1);
      const cosignatureLine = honest.slice(honest.lastIndexOf('\n', honest.length - 2) + 1, -1);
      const resigned = signCheckpoint(log, 6n, Buffer.from(notes[1].split('\n')[2], 'base64'), '2026-03-01T10:06:45.000Z');
      writeNotes([cosigned(notes[0], w1), addSignatureLines(resigned.note, [cosignatureLine])]);
      expect(verifyBundle(bundle)).toMatchObject({ ok: true });
      expect(verifyBundle(bundle, { witnesses: { witnesses: [cosignerVerifierKey(w1)] } }).failure).toMatchObject({
        check: 'WITNESS_SIGNATURE',
        message: expect.stringMatching(/^checkpoint 2 .*does not verify/),
      });
    });
  });
});

const PINNED_COSIGNATURE =
  '— witness JLN4UQAAAABkGFDLouwRjSj56jBr+xNCKlL1DrI87aloScSqoLYPxg7jo0tDtx8TojuUqMags/h5Q/nh2Kusv4lscCI7ynK8B9gPAw==\n';
