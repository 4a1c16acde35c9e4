import { recordedEventFromCanonical, type RecordedEvent } from '@plan-ledger/event-store';
import { bundleFiles, forEachLine, verifyBundle, type VerifyReport } from '@plan-ledger/notary';

export class BundleRejected extends Error {
  constructor(readonly report: VerifyReport) {
    super(`the bundle does not verify: ${report.failure?.message ?? 'unknown failure'}`);
  }
}

/** A bundle line is `{"event":<the envelope's stored bytes, verbatim>,"position":N}`. */
const FRAME_START = Buffer.byteLength('{"event":');
const FRAME_END = Buffer.from(',"position":');

/** The events of a bundle that verifies, as the store would return them. Refuses a bundle that does not verify. */
export function readVerifiedEvents(dir: string, pinnedKey?: string): RecordedEvent[] {
  const report = verifyBundle(dir, { pinnedKey });
  if (!report.ok) throw new BundleRejected(report);
  const events: RecordedEvent[] = [];
  forEachLine(bundleFiles(dir).events, (line) => {
    // Every line's frame was checked by verifyBundle, and its bytes are the store's own: read them as the store does.
    // The line is a view of a reused buffer, so the event's bytes are copied out.
    const end = line.lastIndexOf(FRAME_END);
    const position = BigInt(line.subarray(end + FRAME_END.length, line.length - 1).toString('latin1'));
    events.push(recordedEventFromCanonical(Buffer.from(line.subarray(FRAME_START, end)), position));
  });
  return events;
}
