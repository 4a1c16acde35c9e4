import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { leafHash, MerkleTree, verifyConsistency, verifyInclusion } from '@plan-ledger/notary';

const here = dirname(fileURLToPath(import.meta.url));
const vectors = join(here, '..', '..', '..', '..', 'shared', 'fixtures', 'rfc6962');

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? jsonFiles(path) : name.endsWith('.json') ? [path] : [];
  });
}

const b64 = (value: string | null | undefined): Buffer => Buffer.from(value ?? '', 'base64');
const outcome = (check: () => void): 'accepted' | 'rejected' => {
  try {
    check();
    return 'accepted';
  } catch {
    return 'rejected';
  }
};

/** The leaf inputs and roots the vectors' README lists. */
const LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'];
const ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

describe('the Merkle tree against the RFC 6962 reference roots', () => {
  it('gives the listed root for every size from 0 to 8, at any later size too', () => {
    const tree = new MerkleTree();
    for (const hex of LEAVES) tree.append(leafHash(Buffer.from(hex, 'hex')));
    ROOTS.forEach((root, size) => expect(tree.root(size).toString('hex')).toBe(root));
  });

  it('produces proofs its own verifier accepts, for every pair of sizes up to 40', () => {
    const tree = new MerkleTree();
    for (let i = 0; i < 40; i++) tree.append(leafHash(Buffer.from([i])));
    for (let size = 1; size <= 40; size++) {
      for (let index = 0; index < size; index++) {
        expect(outcome(() => verifyInclusion(tree.leaf(index), index, size, tree.inclusionProof(index, size), tree.root(size)))).toBe(
          'accepted',
        );
      }
      for (let from = 1; from <= size; from++) {
        expect(outcome(() => verifyConsistency(from, size, tree.root(from), tree.root(size), tree.consistencyProof(from, size)))).toBe(
          'accepted',
        );
      }
    }
    expect(outcome(() => verifyInclusion(tree.leaf(3), 4, 40, tree.inclusionProof(3, 40), tree.root(40)))).toBe('rejected');
    expect(outcome(() => verifyConsistency(7, 40, tree.root(8), tree.root(40), tree.consistencyProof(7, 40)))).toBe('rejected');
  });
});

(existsSync(vectors) ? describe : describe.skip)('RFC 6962 proof vectors (transparency-dev)', () => {
  const inclusion = existsSync(vectors) ? jsonFiles(join(vectors, 'inclusion')) : [];
  const consistency = existsSync(vectors) ? jsonFiles(join(vectors, 'consistency')) : [];

  it('finds the vectors', () => {
    expect(inclusion.length + consistency.length).toBeGreaterThan(150);
  });

  it.each(inclusion.map((file) => [relative(vectors, file), file]))('inclusion %s', (_, file) => {
    const v = JSON.parse(readFileSync(file, 'utf8'));
    const result = outcome(() => verifyInclusion(b64(v.leafHash), v.leafIdx, v.treeSize, (v.proof ?? []).map(b64), b64(v.root)));
    expect(result).toBe(v.wantErr ? 'rejected' : 'accepted');
  });

  it.each(consistency.map((file) => [relative(vectors, file), file]))('consistency %s', (_, file) => {
    const v = JSON.parse(readFileSync(file, 'utf8'));
    const result = outcome(() => verifyConsistency(v.size1, v.size2, b64(v.root1), b64(v.root2), (v.proof ?? []).map(b64)));
    expect(result).toBe(v.wantErr ? 'rejected' : 'accepted');
  });
});
