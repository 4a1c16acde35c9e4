import {
  appendFileSync,
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';

/**
 * Signed checkpoints, one JSON line `{"note": "..."}` each, oldest first. Only the note counts: it carries the
 * size, root and time under the signature, so no unsigned field sits beside it to be altered.
 */
export function readCheckpointNotes(path: string): string[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line, index) => {
      const parsed = JSON.parse(line) as { note?: unknown };
      if (typeof parsed.note !== 'string' || JSON.stringify({ note: parsed.note }) !== line) {
        throw new Error(`checkpoint line ${index + 1} is not {"note": "..."} as written`);
      }
      return parsed.note;
    });
}

export function appendCheckpointNote(path: string, note: string): void {
  mkdirSync(dirname(path), { recursive: true });
  appendFileSync(path, `${JSON.stringify({ note })}\n`);
  // A checkpoint that was shown to a board must survive a crash as surely as the events it covers.
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** What the notary's own checkpoint file holds: each note with its line, and what could not be read, named by file and line. */
export interface CheckpointFile {
  readonly notes: readonly { readonly note: string; readonly line: number }[];
  readonly problems: readonly string[];
}

/**
 * The notary's checkpoint file, read so that one bad line does not stop the service: a line cut short (a crash or a full
 * disk while writing) or altered is set aside with a problem naming the file and the line, and every other is kept.
 */
export function readCheckpointFile(path: string): CheckpointFile {
  if (!existsSync(path)) return { notes: [], problems: [] };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { notes: [], problems: [`${path}: cannot be read (${(error as Error).message})`] };
  }
  const lines = text.split('\n');
  const complete = text.endsWith('\n') || text === '' ? lines.slice(0, -1) : lines;
  const notes: { note: string; line: number }[] = [];
  const problems: string[] = [];
  complete.forEach((line, index) => {
    const at = `${path} line ${index + 1}`;
    const last = index === complete.length - 1 && !text.endsWith('\n');
    if (line.length === 0) return;
    try {
      const parsed = JSON.parse(line) as { note?: unknown };
      if (typeof parsed.note !== 'string' || JSON.stringify({ note: parsed.note }) !== line)
        throw new Error('not {"note": "..."} as written');
      if (last) throw new Error('the line is not ended: it was cut short while being written');
      notes.push({ note: parsed.note, line: index + 1 });
    } catch (error) {
      problems.push(`${at} was set aside: ${error instanceof SyntaxError ? 'not JSON (cut short or altered)' : (error as Error).message}`);
    }
  });
  return { notes, problems };
}

/**
 * Runs `write` holding the checkpoint file's lock (a file created exclusively beside it), so that two processes on one
 * store never write checkpoints out of order. A lock older than `staleMs` is taken to be a crashed writer's.
 */
export function withCheckpointLock<T>(path: string, write: () => T, staleMs = 10_000): T {
  const lock = `${path}.lock`;
  mkdirSync(dirname(path), { recursive: true });
  for (let attempt = 0; ; attempt++) {
    let fd: number;
    try {
      fd = openSync(lock, 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // Bounded whatever the lock turns out to be (even one that cannot be removed): about two seconds in all.
      if (attempt > 200) throw new Error(`${lock}: another process has held the checkpoint lock for too long`, { cause: error });
      let age: number;
      try {
        age = Date.now() - statSync(lock).mtimeMs;
      } catch {
        continue;
      }
      if (age > staleMs) {
        try {
          unlinkSync(lock);
        } catch {
          // Another process took the stale lock away first.
        }
        continue;
      }
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
      continue;
    }
    try {
      writeSync(fd, `${process.pid}\n`);
      return write();
    } finally {
      closeSync(fd);
      unlinkSync(lock);
    }
  }
}
