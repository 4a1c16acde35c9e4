import { constants as buffer } from 'node:buffer';
import { constants, inflateSync } from 'node:zlib';

const STREAM = Buffer.from('stream');
const END_STREAM = Buffer.from('endstream');

/** A zlib header: deflate with a window of at most 32 KB, and a check that makes CMF*256+FLG a multiple of 31. */
const looksDeflated = (data: Uint8Array): boolean =>
  data.length >= 2 && (data[0] & 0x0f) === 8 && data[0] >> 4 <= 7 && ((data[0] << 8) | data[1]) % 31 === 0;

/**
 * Whether the Flate streams of a PDF inflate to more than `limit` bytes together, found with zlib before pdf.js sees
 * the file. pdf.js has no bound of its own: it inflates a content stream whole, and a megabyte of deflated zeros is a
 * gigabyte of buffer and tens of seconds of its JavaScript inflater.
 *
 * Every stream lies between `stream` and `endstream` in the file's bytes (a stream cannot sit inside an object
 * stream), so no PDF parsing is needed: each is inflated with zlib under what is left of the limit, and whatever does
 * not inflate (images in other filters, encrypted data) is skipped. A stream deflated twice is followed down.
 * Other expanding filters (LZW, run length) are not counted: the time limit bounds them.
 */
export function inflatesBeyond(pdf: Uint8Array, limit: number): boolean {
  const bytes = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  let total = 0;
  let at = bytes.indexOf(STREAM);
  while (at !== -1) {
    let start = at + STREAM.length;
    const isKeyword = !(at >= 3 && bytes.toString('latin1', at - 3, at) === 'end');
    if (bytes[start] === 0x0d) start++;
    if (isKeyword && bytes[start] === 0x0a) {
      start++;
      const end = bytes.indexOf(END_STREAM, start);
      let data: Uint8Array = bytes.subarray(start, end === -1 ? bytes.length : end);
      while (looksDeflated(data)) {
        try {
          // A truncated stream still counts for what it inflates to, as pdf.js reads it that way too.
          data = inflateSync(data, {
            finishFlush: constants.Z_SYNC_FLUSH,
            maxOutputLength: Math.min(limit - total + 1, buffer.MAX_LENGTH),
          });
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return true;
          break;
        }
        total += data.length;
        if (total > limit) return true;
      }
      if (end === -1) break;
      at = bytes.indexOf(STREAM, end + END_STREAM.length);
    } else {
      at = bytes.indexOf(STREAM, at + STREAM.length);
    }
  }
  return false;
}
