import { canonicalBytes, type EventMetadata, type JsonObject, type RecordedEvent } from '@plan-ledger/event-store';
import { bundleFiles, forEachLine, verifyBundle, type VerifyReport } from '@plan-ledger/notary';

export class BundleRejected extends Error {
  constructor(readonly report: VerifyReport) {
    super(`the bundle does not verify: ${report.failure?.message ?? 'unknown failure'}`);
  }
}

/** The events of a bundle that verifies, as the store would return them. Refuses a bundle that does not verify. */
export function readVerifiedEvents(dir: string, pinnedKey?: string): RecordedEvent[] {
  const report = verifyBundle(dir, { pinnedKey });
  if (!report.ok) throw new BundleRejected(report);
  const events: RecordedEvent[] = [];
  forEachLine(bundleFiles(dir).events, (line) => {
    const { event, position } = JSON.parse(line.toString('utf8')) as {
      event: JsonObject & { revision: number; recordedAt: string };
      position: number;
    };
    events.push({
      eventId: String(event.eventId),
      streamId: String(event.streamId),
      revision: BigInt(event.revision),
      position: BigInt(position),
      type: String(event.type),
      data: event.data as JsonObject,
      metadata: event.metadata as unknown as EventMetadata,
      recordedAt: event.recordedAt,
      canonical: canonicalBytes(event),
    });
  });
  return events;
}
