import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** What `ledger import` reads: PDFs and text files (letters pasted from Ofsted's site). */
const DOCUMENT = /\.(pdf|txt)$/i;
/** A folder's own papers, which are no inspection document: read only when named on their own. */
const FOLDER_PAPERS = /^(?:LICEN[CS]E|README|NOTICE|COPYING|INDEX|CHANGELOG)\b/i;

/**
 * The documents the arguments name: each file as given, each folder's documents (and its sub-folders'), in name
 * order, each once. A folder's other files (a CSV of expected values, its LICENSE or README) are passed over, not
 * refused; a file named on its own is always read.
 * @throws Error naming a path that does not exist
 */
export function documentsIn(paths: readonly string[]): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && DOCUMENT.test(entry.name) && !FOLDER_PAPERS.test(entry.name)) files.push(path);
    }
  };
  for (const path of paths) {
    let stats;
    try {
      stats = statSync(path);
    } catch {
      throw new Error(`${path}: no such file or folder`);
    }
    if (stats.isDirectory()) walk(path);
    else files.push(path);
  }
  return [...new Set(files)];
}
