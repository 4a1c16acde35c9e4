import type { EventStore } from '@plan-ledger/event-store';
import { EVENT_STORE } from '../apps/api/src/event-store/event-store.tokens';
import { graphql } from './support/graphql';
import type { HistoryEdges } from './support/graphql-types';
import { startApp, type RunningApp } from './support/running-app';
import { registerWorcestershire } from './support/council';

describe('events written in an older shape', () => {
  let running: RunningApp;

  beforeAll(async () => {
    running = await startApp();
    await registerWorcestershire(running.baseUrl);
  });
  afterAll(() => running.stop());

  it('are read through their upcaster: a v1 grade (rag letter) answers as a v2 grade, and the log keeps v1', async () => {
    await graphql<{ createPlan: { revision: string } }>(
      running.baseUrl,
      `
        mutation {
          createPlan(
            input: {
              planId: "legacy"
              laCode: "885"
              title: "Plan"
              kind: "improvement plan"
              occurredAt: { from: "2017", precision: "year" }
            }
          ) {
            revision
          }
        }
      `,
    );
    // As the spreadsheet import wrote it before grades were spelt out.
    await running.app.get<EventStore>(EVENT_STORE).append(
      'plan-legacy',
      [
        {
          type: 'ProgressGraded',
          data: { target: 'plan', rag: 'A', by: 'commissioner' },
          metadata: { occurredAt: { from: '2017-09', precision: 'month' }, actor: { id: 'import', role: 'importer' }, schemaVersion: 1 },
        },
      ],
      { expectedRevision: 0n },
    );
    const { data } = await graphql<{ plan: { plan: { latestPlanGrade: { grade: string; gradedBy: string } | null } } }>(
      running.baseUrl,
      `
        {
          plan(id: "legacy") {
            plan {
              latestPlanGrade {
                grade
                gradedBy
              }
            }
          }
        }
      `,
    );
    expect(data!.plan.plan.latestPlanGrade).toEqual({ grade: 'amber', gradedBy: 'commissioner' });

    const history = await graphql<HistoryEdges<{ type: string; data: unknown }>>(
      running.baseUrl,
      `
        {
          history(streamId: "plan-legacy") {
            edges {
              node {
                type
                data
              }
            }
          }
        }
      `,
    );
    expect(history.data!.history.edges[1].node).toEqual({ type: 'ProgressGraded', data: { target: 'plan', rag: 'A', by: 'commissioner' } });

    const graded = await graphql<{ gradeProgress: { events: { schemaVersion: number; data: unknown }[] } }>(
      running.baseUrl,
      `
        mutation {
          gradeProgress(
            input: {
              planId: "legacy"
              target: "plan"
              grade: "green"
              gradedBy: "board"
              occurredAt: { from: "2017-10", precision: "month" }
            }
          ) {
            events {
              schemaVersion
              data
            }
          }
        }
      `,
    );
    expect(graded.data!.gradeProgress.events[0]).toEqual({ schemaVersion: 2, data: { target: 'plan', grade: 'green', gradedBy: 'board' } });
  });
});
