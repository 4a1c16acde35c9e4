/**
 * The document worker when the service runs from its TypeScript sources (Jest, tsx). A worker thread starts outside
 * Jest's module system, so nothing there reads TypeScript (under tsx the worker inherits tsx's flags, but Jest's
 * --experimental-vm-modules is all it gets): it compiles pdf-worker.ts with tsx's own API, which works either way.
 * The built service never loads this file: it runs the compiled pdf-worker.js, and tsx, a development dependency,
 * need not be installed there.
 */
import { tsImport } from 'tsx/esm/api';

const worker = await tsImport('./pdf-worker.ts', import.meta.url);

export default worker.default;
