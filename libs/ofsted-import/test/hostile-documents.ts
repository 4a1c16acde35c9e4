import { constants, deflateRawSync, deflateSync } from 'node:zlib';

/**
 * PDFs built to hurt a reader, generated in the test so that nothing hostile is committed. Each is small on disk; what
 * makes it hostile is what pdf.js would have to do to read it.
 */

type PdfObject = string | { dict: string; data: Buffer };

/** A PDF with a correct cross-reference table; object 1 is the catalog. */
export function buildPdf(objects: readonly PdfObject[]): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let length = parts[0].length;
  const offsets: number[] = [];
  const push = (part: Buffer): void => {
    parts.push(part);
    length += part.length;
  };
  objects.forEach((object, i) => {
    offsets.push(length);
    if (typeof object === 'string') {
      push(Buffer.from(`${i + 1} 0 obj\n${object}\nendobj\n`, 'latin1'));
    } else {
      push(Buffer.from(`${i + 1} 0 obj\n<< ${object.dict} /Length ${object.data.length} >>\nstream\n`, 'latin1'));
      push(object.data);
      push(Buffer.from('\nendstream\nendobj\n', 'latin1'));
    }
  });
  const xref = length;
  const entries = offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  push(Buffer.from(`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${entries}`, 'latin1'));
  push(Buffer.from(`trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}

const PAGE = '<< /Type /Page /Parent 2 0 R >>';

/**
 * A zlib stream of `megabytes` MB of zeros, built without ever holding them: after a full flush deflate starts afresh,
 * so every megabyte compresses to the same bytes, and the zlib trailer of n zeros is known (Adler-32 = (n mod 65521) << 16 | 1).
 */
export function zerosDeflated(megabytes: number): Buffer {
  const megabyte = Buffer.alloc(1024 * 1024);
  const first = deflateSync(megabyte, { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  const next = deflateRawSync(megabyte, { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  const last = deflateRawSync(Buffer.alloc(0), { finishFlush: constants.Z_FINISH });
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE((((megabytes * megabyte.length) % 65521) * 65536 + 1) >>> 0);
  return Buffer.concat([first, ...Array.from({ length: megabytes - 1 }, () => next), last, adler]);
}

/** One page whose content stream inflates to `megabytes` MB of zeros (400 MB by default, about 0.4 MB on disk). */
export function flateBomb(megabytes = 400): Buffer {
  return buildPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>',
    { dict: '/Filter /FlateDecode', data: zerosDeflated(megabytes) },
  ]);
}

/** `nodes` page-tree nodes, each with `kids` references to one and the same page: `nodes` x `kids` pages to read. */
export function fanOutPageTree(nodes = 400, kids = 400): Buffer {
  const page = nodes + 3;
  const nodeRefs = Array.from({ length: nodes }, (_, i) => `${i + 3} 0 R`).join(' ');
  const kidRefs = Array(kids).fill(`${page} 0 R`).join(' ');
  return buildPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${nodeRefs}] /Count ${nodes * kids} >>`,
    ...Array.from({ length: nodes }, () => `<< /Type /Pages /Parent 2 0 R /Kids [${kidRefs}] /Count ${kids} >>`),
    PAGE,
  ]);
}

/** A page tree with `pages` leaves, each its own (empty) page. */
export function manyPages(pages = 60_000): Buffer {
  const refs = Array.from({ length: pages }, (_, i) => `${i + 3} 0 R`).join(' ');
  return buildPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${refs}] /Count ${pages} >>`,
    ...Array<string>(pages).fill(PAGE),
  ]);
}

/** A page tree whose only kid is a node whose only kid is the root again. */
export function circularPageTree(): Buffer {
  return buildPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>',
  ]);
}

/**
 * One page whose dictionary holds `count` empty dictionaries: four bytes each on disk, a hundred or more of heap each
 * once pdf.js has parsed them. Many small objects, so a worker over its heap limit is stopped cleanly (one large
 * allocation at the limit can instead abort the whole process: nodejs/node#47224).
 */
export function heapBomb(count = 1_000_000): Buffer {
  return buildPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /Junk [${'<<>>'.repeat(count)}] >>`,
  ]);
}
