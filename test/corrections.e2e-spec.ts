import { ManualClock } from '@plan-ledger/event-store';
import { graphql, RECORD_RESULT } from './support/graphql';
import type { Cut, HistoryCount, HistoryEdges, Recorded } from './support/graphql-types';
import { startApp, type RunningApp } from './support/running-app';

describe('corrections and "as known at" over GraphQL', () => {
  let running: RunningApp;
  const clock = new ManualClock('2018-09-27T09:00:00.000Z');

  beforeAll(async () => {
    running = await startApp({ clock });
  });
  afterAll(() => running.stop());

  it('reads the original value before the correction was recorded and the corrected one after; history shows both', async () => {
    const register = await graphql<Recorded<'registerAuthority'>>(
      running.baseUrl,
      `mutation ($input: RegisterAuthorityInput!) { registerAuthority(input: $input) { ${RECORD_RESULT} } }`,
      {
        input: { laCode: '344', name: 'Wirral', region: 'North West', occurredAt: { from: '2016-09', precision: 'month' } },
      },
    );
    expect(register.errors).toBeUndefined();
    const logged = await graphql<Recorded<'logMonitoringVisit'>>(
      running.baseUrl,
      `mutation ($input: LogMonitoringVisitInput!) { logMonitoringVisit(input: $input) { ${RECORD_RESULT} } }`,
      {
        input: {
          laCode: '344',
          visitId: 'mv-7',
          number: 7,
          follows: '2016-09',
          fieldwork: { start: '2018-09-04', end: '2018-09-05' },
          letterDate: '2018-09-26',
          inspectors: [{ name: 'Sheena Doyle', lead: false }],
          areasCovered: ['thresholds'],
          occurredAt: { from: '2018-09-04', to: '2018-09-05', precision: 'day', label: '4 and 5 September 2018' },
        },
      },
    );
    const visit = logged.data!.logMonitoringVisit.events[0];
    expect(visit.recordedAt).toBe('2018-09-27T09:00:00.000Z');

    clock.advance(24 * 60 * 60 * 1000);
    const corrected = await graphql<Recorded<'correctEvent'>>(
      running.baseUrl,
      `mutation ($input: CorrectEventInput!) { correctEvent(input: $input) { ${RECORD_RESULT} } }`,
      {
        input: {
          streamId: 'authority-344',
          eventId: visit.eventId,
          changes: { letterDate: '2018-09-27' },
          reason: 'letter is dated 27 September',
        },
      },
    );
    expect(corrected.errors).toBeUndefined();
    expect(corrected.data!.correctEvent.events[0]).toMatchObject({
      type: 'EventCorrected',
      recordedAt: '2018-09-28T09:00:00.000Z',
      occurredAt: { from: '2018-09-28', precision: 'day' },
      data: { correctedEventId: visit.eventId, changes: { letterDate: '2018-09-27' } },
    });

    const AS_KNOWN = `query ($knownAt: String) { authority(laCode: "344", knownAt: $knownAt) { cut { knownAt } authority { visits { letterDate corrected } } } }`;
    type AsKnown = {
      authority: { cut: Pick<Cut, 'knownAt'>; authority: { visits: { letterDate: string | null; corrected: boolean }[] } };
    };
    const before = await graphql<AsKnown>(running.baseUrl, AS_KNOWN, { knownAt: '2018-09-27T18:00:00Z' });
    expect(before.data!.authority).toEqual({
      cut: { knownAt: '2018-09-27T18:00:00.000Z' },
      authority: { visits: [{ letterDate: '2018-09-26', corrected: false }] },
    });
    const after = await graphql<AsKnown>(running.baseUrl, AS_KNOWN, { knownAt: '2018-09-28T10:00:00Z' });
    expect(after.data!.authority.authority.visits).toEqual([{ letterDate: '2018-09-27', corrected: true }]);
    const now = await graphql<AsKnown>(running.baseUrl, AS_KNOWN);
    expect(now.data!.authority).toEqual({
      cut: { knownAt: '2018-09-28T09:00:00.000Z' },
      authority: { visits: [{ letterDate: '2018-09-27', corrected: true }] },
    });

    const history = await graphql<
      { history: { totalCount: number } } & HistoryEdges<{
        eventId: string;
        type: string;
        recordedAt: string;
        actorRole: string;
        corrects: string | null;
        correctedBy: string[];
        data: Record<string, unknown>;
      }>
    >(
      running.baseUrl,
      `
        {
          history(streamId: "authority-344") {
            totalCount
            edges {
              node {
                eventId
                type
                recordedAt
                actorRole
                corrects
                correctedBy
                data
              }
            }
          }
        }
      `,
    );
    const nodes = history.data!.history.edges.map((e) => e.node);
    expect(nodes.map((n: { type: string }) => n.type)).toEqual(['AuthorityRegistered', 'MonitoringVisitLogged', 'EventCorrected']);
    expect(nodes[1]).toMatchObject({ correctedBy: [nodes[2].eventId], recordedAt: '2018-09-27T09:00:00.000Z' });
    expect(nodes[1].data.letterDate).toBe('2018-09-26');
    expect(nodes[2]).toMatchObject({
      corrects: visit.eventId,
      recordedAt: '2018-09-28T09:00:00.000Z',
      actorRole: 'inspection-data (local user, no identity provider)',
    });

    const historyBefore = await graphql<HistoryCount>(
      running.baseUrl,
      `
        {
          history(streamId: "authority-344", knownAt: "2018-09-27T18:00:00Z") {
            totalCount
          }
        }
      `,
    );
    expect(historyBefore.data!.history.totalCount).toBe(2);
  });

  it('refuses a correction that names an event of another stream', async () => {
    const other = await graphql<HistoryEdges<{ eventId: string }>>(
      running.baseUrl,
      `
        {
          history(streamId: "authority-344") {
            edges {
              node {
                eventId
              }
            }
          }
        }
      `,
    );
    const eventId = other.data!.history.edges[0].node.eventId;
    await graphql<{ registerAuthority: { revision: string } }>(
      running.baseUrl,
      `
        mutation ($input: RegisterAuthorityInput!) {
          registerAuthority(input: $input) {
            revision
          }
        }
      `,
      {
        input: { laCode: '877', name: 'Warrington', region: 'North West', occurredAt: { from: '2018', precision: 'year' } },
      },
    );
    const refused = await graphql<{ correctEvent: { revision: string } | null }>(
      running.baseUrl,
      `
        mutation ($input: CorrectEventInput!) {
          correctEvent(input: $input) {
            revision
          }
        }
      `,
      {
        input: { streamId: 'authority-877', eventId, changes: { name: 'x' }, reason: 'wrong stream' },
      },
    );
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', problems: [{ field: 'eventId' }] });
  });
});
