import type { Hash } from '../merkle/hashes';
import { checkCosignature, parseCosignerKey, readSignatureLine, addSignatureLines } from './cosignature';
import { formatAddCheckpoint } from './witness';

/** A witness that did not cosign, with its HTTP status and its one-line reason. */
export class WitnessRefused extends Error {
  readonly code = 'WITNESS_REFUSED';
  constructor(
    readonly witnessUrl: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** 409: the witness's latest cosigned size is not the `old` size sent; retry from `witnessSize` with a new proof. */
export class WitnessConflict extends WitnessRefused {
  constructor(
    witnessUrl: string,
    readonly witnessSize: bigint,
  ) {
    super(witnessUrl, 409, `${witnessUrl} last cosigned size ${witnessSize}, not the old size sent`);
  }
}

export interface SubmitOptions {
  /** The witness's verifier key: when given, what it returns is checked before it is kept. */
  readonly witnessKey?: string;
  readonly timeoutMs?: number;
}

/**
 * POSTs a checkpoint to a witness (`<witnessUrl>/add-checkpoint`, C2SP tlog-witness) with a consistency proof from
 * `oldSize`, the size the witness last cosigned, and returns its cosignature lines (no trailing newline), to append to
 * the note with `addSignatureLines`.
 * @throws WitnessConflict when the witness is at another size; WitnessRefused for any other refusal
 */
export async function submitCheckpoint(
  witnessUrl: string,
  note: string,
  oldSize: bigint | number,
  proof: readonly Hash[],
  options: SubmitOptions = {},
): Promise<string[]> {
  const url = `${witnessUrl.replace(/\/+$/, '')}/add-checkpoint`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: formatAddCheckpoint(oldSize, proof, note),
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
  } catch (error) {
    throw new WitnessRefused(witnessUrl, 0, `${url} cannot be reached: ${(error as Error).message}`);
  }
  const text = await response.text();
  if (response.status === 409) {
    const size = /^(0|[1-9]\d*)\n$/.exec(text);
    if (!size) throw new WitnessRefused(witnessUrl, 409, `${url} answered 409 without a size`);
    throw new WitnessConflict(witnessUrl, BigInt(size[1]));
  }
  if (response.status !== 200) {
    const reason = text.split('\n')[0].slice(0, 300) || response.statusText;
    throw new WitnessRefused(witnessUrl, response.status, `${url} refused the checkpoint (${response.status}): ${reason}`);
  }
  const lines = text.split('\n').filter((line) => line.length > 0);
  if (lines.length === 0 || !lines.every((line) => readSignatureLine(line))) {
    throw new WitnessRefused(witnessUrl, 200, `${url} answered 200 without cosignature lines`);
  }
  if (options.witnessKey !== undefined) {
    const check = checkCosignature(addSignatureLines(note, lines), parseCosignerKey(options.witnessKey));
    if (check.status !== 'valid') {
      throw new WitnessRefused(
        witnessUrl,
        200,
        `${url} returned no valid cosignature by its key: ${check.status === 'invalid' ? check.reason : 'none'}`,
      );
    }
  }
  return lines;
}

/**
 * Gets a witness's cosignature whatever size it last cosigned: tries `knownSize` (0 for a witness never heard from),
 * and on a 409 retries once from the size the witness names. `proofFrom(oldSize)` gives the consistency proof from
 * that size to the checkpoint's (empty for 0); a log cannot prove from a size larger than its checkpoint, so that
 * conflict is thrown on.
 *
 * For a notary: `note = addSignatureLines(note, (await witnessCheckpoint(url, note, size, from => tree.consistencyProof(from, size), known)).lines)`.
 */
export async function witnessCheckpoint(
  witnessUrl: string,
  note: string,
  size: bigint | number,
  proofFrom: (oldSize: number) => Hash[],
  knownSize: bigint | number = 0,
  options: SubmitOptions = {},
): Promise<{ lines: string[]; witnessSize: bigint }> {
  const attempt = (from: bigint) => submitCheckpoint(witnessUrl, note, from, from === 0n ? [] : proofFrom(Number(from)), options);
  const first = BigInt(knownSize);
  try {
    return { lines: await attempt(first), witnessSize: BigInt(size) };
  } catch (error) {
    if (!(error instanceof WitnessConflict) || error.witnessSize > BigInt(size) || error.witnessSize === first) throw error;
    return { lines: await attempt(error.witnessSize), witnessSize: BigInt(size) };
  }
}
