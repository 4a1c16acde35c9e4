/**
 * A separate OS process that appends to a shared SQLite file, for the multi-process test.
 * argv: path, worker name, shared stream, count, start time (ms since epoch). Prints one JSON line of results.
 */
import { SqliteEventStore, WrongExpectedRevision } from '@plan-ledger/event-store';
import { anEvent } from './events';

async function main(): Promise<void> {
  const [path, worker, shared, countText, startAtText] = process.argv.slice(2);
  const count = Number(countText);
  const store = new SqliteEventStore({ path, busyTimeoutMs: 10_000 });
  const wait = Number(startAtText) - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));

  // Both workers try to create the same stream: exactly one may win.
  let createdShared = false;
  try {
    await store.append(`${shared}-created`, [anEvent({ type: 'PlanCreated', data: { by: worker } })], { expectedRevision: 'no_stream' });
    createdShared = true;
  } catch (error) {
    if (!(error instanceof WrongExpectedRevision)) throw error;
  }

  let conflicts = 0;
  const appended: string[] = [];
  for (let i = 0; i < count; i++) {
    const own = await store.append(`${shared}-${worker}`, [anEvent({ data: { worker, i } })], { expectedRevision: 'any' });
    appended.push(own.events[0].eventId);
    // Optimistic writer on the contended stream: read the revision, append, re-read on conflict.
    for (;;) {
      let revision: bigint | 'no_stream' = 'no_stream';
      try {
        for await (const event of store.readStream(shared, { direction: 'backwards', maxCount: 1 })) revision = event.revision;
      } catch {
        revision = 'no_stream';
      }
      try {
        const result = await store.append(shared, [anEvent({ type: 'ActionAdded', data: { worker, i } })], { expectedRevision: revision });
        appended.push(result.events[0].eventId);
        break;
      } catch (error) {
        if (!(error instanceof WrongExpectedRevision)) throw error;
        conflicts++;
      }
    }
  }
  await store.close();
  process.stdout.write(`${JSON.stringify({ worker, createdShared, conflicts, appended })}\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`${error.name}: ${error.message}\n`);
  process.exitCode = 1;
});
