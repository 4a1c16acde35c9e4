import { closeSync, openSync, readSync } from 'node:fs';

const EVENT_PREFIX = Buffer.from('{"event":');
const POSITION = Buffer.from(',"position":');

/**
 * Every line of a file as bytes, read in chunks, for callers that must pull lines (two files in step, or a consumer
 * inside a database transaction) rather than be called back. Each line is a fresh copy: it may be kept.
 */
export function* fileLines(path: string): Generator<Buffer> {
  const fd = openSync(path, 'r');
  try {
    let buffer = Buffer.allocUnsafe(1024 * 1024);
    let kept = 0;
    for (;;) {
      if (kept === buffer.length) {
        const grown = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(grown, 0, 0, kept);
        buffer = grown;
      }
      const n = readSync(fd, buffer, kept, buffer.length - kept, null);
      if (n === 0) break;
      const end = kept + n;
      let start = 0;
      for (let newline = buffer.indexOf(0x0a, kept); newline >= 0 && newline < end; newline = buffer.indexOf(0x0a, start)) {
        yield Buffer.from(buffer.subarray(start, newline));
        start = newline + 1;
      }
      buffer.copy(buffer, 0, start, end);
      kept = end - start;
    }
    if (kept > 0) yield Buffer.from(buffer.subarray(0, kept));
  } finally {
    closeSync(fd);
  }
}

/** A bundle line's parts, `{"event":<stored bytes>,"position":N}`, or undefined when the line is not framed so. */
export function splitLeafInput(line: Buffer): { readonly event: Buffer; readonly position: number } | undefined {
  const at = line.lastIndexOf(POSITION);
  if (at < 0 || line.subarray(0, EVENT_PREFIX.length).compare(EVENT_PREFIX) !== 0 || line[line.length - 1] !== 0x7d) return undefined;
  const digits = line.subarray(at + POSITION.length, line.length - 1).toString('latin1');
  if (!/^[1-9]\d*$/.test(digits)) return undefined;
  return { event: line.subarray(EVENT_PREFIX.length, at), position: Number(digits) };
}
