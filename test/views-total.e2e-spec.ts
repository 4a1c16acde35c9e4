import type { EventStore, JsonObject } from '@plan-ledger/event-store';
import { EVENT_STORE } from '../apps/api/src/event-store/event-store.tokens';
import { graphql } from './support/graphql';
import { startApp, type RunningApp } from './support/running-app';

interface Edge {
  cursor: string;
  node: { laCode: string; unreadable: { eventId: string; type: string; problems: { field: string }[] }[] } | null;
}
interface Authorities {
  authorities: { edges: Edge[]; totalCount: number };
}

/**
 * No stored event can make a query fail for other councils. Events written before today's rules (or by hand) are put
 * straight into the log here, as an old store might hold them.
 */
describe('views are total', () => {
  let running: RunningApp;
  const occurredAt = { from: '2018-09-04', precision: 'day' } as const;
  const actor = { id: 'legacy-import', role: 'importer' };
  const raw = (streamId: string, type: string, data: JsonObject) =>
    running.app
      .get<EventStore>(EVENT_STORE)
      .append(streamId, [{ type, data, metadata: { occurredAt, actor } }], { expectedRevision: 'any' });
  const AUTHORITIES = `{ authorities(first: 50) { totalCount edges { cursor node { laCode unreadable { eventId type problems { field } } } } } }`;

  beforeAll(async () => {
    running = await startApp({ env: { LEDGER_SEED_DEMO: 'true' } });
    // Wirral (344, in the demo): an inspection whose inspectors are not a list.
    await raw('authority-344', 'InspectionRecorded', {
      inspectionId: 'legacy-2014',
      framework: 'SIF',
      kind: 'standard',
      inspectors: 'not a list',
      judgements: [],
      overall: 'inadequate',
    });
    // A council whose very registration no reader can make sense of.
    await raw('authority-340', 'AuthorityRegistered', { laCode: '340', name: 42, region: ['not', 'text'] });
  });
  afterAll(() => running.stop());

  it('answers every other council, lists the unreadable event under its own council, and names the unreadable stream', async () => {
    const response = await graphql<Authorities>(running.baseUrl, AUTHORITIES);
    const edges = response.data!.authorities.edges;
    const answered = edges.filter((e) => e.node !== null).map((e) => e.node!.laCode);
    expect(answered).toEqual(expect.arrayContaining(['344', '877', '885']));
    const wirral = edges.find((e) => e.node?.laCode === '344')!.node!;
    expect(wirral.unreadable).toEqual([
      expect.objectContaining({ type: 'InspectionRecorded', problems: [expect.objectContaining({ field: 'inspectors' })] }),
    ]);
    expect(response.errors).toHaveLength(1);
    expect(response.errors![0].extensions).toMatchObject({ code: 'STREAM_UNREADABLE', streamId: 'authority-340' });
    expect(response.raw).not.toMatch(/\n\s+at /);
  });

  it("answers the council's own queries without the unreadable event", async () => {
    const authority = await graphql<{ authority: { authority: { inspections: { inspectionId: string }[] } } }>(
      running.baseUrl,
      '{ authority(laCode: "344") { authority { inspections { inspectionId } } } }',
    );
    expect(authority.errors).toBeUndefined();
    expect(authority.data!.authority.authority.inspections.map((i) => i.inspectionId)).not.toContain('legacy-2014');
    const timeline = await graphql(running.baseUrl, '{ timeline(laCode: "344") { entries { title } } }');
    expect(timeline.errors).toBeUndefined();
    const report = await graphql(running.baseUrl, '{ authorityReport(laCode: "344") }');
    expect(report.errors).toBeUndefined();
  });

  it('names the stream when the council itself cannot be read', async () => {
    const response = await graphql(running.baseUrl, '{ authority(laCode: "340") { authority { name } } }');
    expect(response.errors?.[0].extensions).toMatchObject({ code: 'STREAM_UNREADABLE', streamId: 'authority-340' });
  });
});
