import { appendFileSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync } from 'node:fs';
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
