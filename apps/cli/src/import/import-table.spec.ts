import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { draftImport } from '@plan-ledger/ofsted-import';
import { documentsIn } from './import-files';
import { countFields, importTable } from './import-table';

/** An ILACS report of before 2023 in Ofsted's shape, written for this test. */
const REPORT = `
Inspection of Rutland local authority children's services
Inspection dates: 3 to 14 October 2022
Lead inspector: Eve Example, His Majesty's Inspector
Judgement Grade
The impact of leaders on social work practice with children and families Good
The experiences and progress of children who need help and protection Good
The experiences and progress of children in care and care leavers Good
Overall effectiveness Good
`;

describe('the table ledger import prints for a folder', () => {
  it('counts fields found, not found and ambiguous, a judgement the framework did not make apart', async () => {
    const draft = await draftImport(Buffer.from(REPORT), { fileName: 'rutland.txt' });
    const counts = countFields(draft.reading);
    expect(counts.notJudged).toBe(1);
    expect(counts.found).toBeGreaterThanOrEqual(9);
    const table = importTable([
      { file: 'rutland.txt', draft },
      { file: 'minutes.txt', refused: { code: 'NOT_AN_OFSTED_DOCUMENT', message: 'not an Ofsted document' } },
    ]).split('\n');
    expect(table[0]).toMatch(/^file\s+type\s+council\s+found\s+not found\s+ambiguous\s+match$/);
    expect(table[2]).toMatch(
      new RegExp(
        `^rutland\\.txt\\s+ILACS inspection\\s+Rutland \\(857\\)\\s+${counts.found}\\s+${counts.notFound}\\s+${counts.ambiguous}\\s+not checked$`,
      ),
    );
    expect(table[3]).toMatch(/^minutes\.txt\s+REFUSED\s+NOT_AN_OFSTED_DOCUMENT\s+not an Ofsted document$/);
  });
});

describe('the documents a folder holds', () => {
  it("its PDFs and text files, sub-folders' too, in name order; not its CSV, LICENSE or README", () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-import-files-'));
    try {
      mkdirSync(join(dir, 'earlier'));
      for (const name of ['b.pdf', 'a.txt', 'expected.csv', 'LICENSE-scrape-tool.txt', 'README.txt', join('earlier', 'c.PDF')])
        writeFileSync(join(dir, name), 'x');
      expect(documentsIn([dir]).map((path) => path.slice(dir.length + 1))).toEqual(['a.txt', 'b.pdf', join('earlier', 'c.PDF')]);
      expect(documentsIn([join(dir, 'README.txt')])).toEqual([join(dir, 'README.txt')]);
      expect(() => documentsIn([join(dir, 'missing')])).toThrow(/no such file or folder/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
