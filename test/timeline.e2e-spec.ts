import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { graphql } from './support/graphql';
import type { Cut } from './support/graphql-types';
import { startApp, type RunningApp } from './support/running-app';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, '..', '..', 'shared', 'fixtures', 'ofsted');

/** The journey as the Worcestershire improvement board's slides tell it, in their order and with their date words. */
const SLIDES: [string, string][] = [
  ['October & November 2016', 'inspection'],
  ['December 2016', 'plan'],
  ['January 2017', 'findings'],
  ['March/April 2017', 'review'],
  ['May 2017', 'monitoring visit'],
  ['June 2017', 'plan'],
  ['August 2017', 'appointment'],
  ['September 2017', 'review'],
  ['September 2017', 'monitoring visit'],
  ['October 2017', 'plan'],
];

describe('demo journeys over GraphQL', () => {
  let running: RunningApp;

  beforeAll(async () => {
    running = await startApp({ env: { LEDGER_SEED_DEMO: 'true' } });
  });
  afterAll(() => running.stop());

  type Timeline = { timeline: { cut: Cut; entries: { label: string; kind: string; title: string; uncertain: boolean }[] } };
  const TIMELINE = `query ($asOf: String) { timeline(laCode: "885", asOf: $asOf) { cut { knownAt asOf headPosition } entries { label kind title uncertain } } }`;

  it("tells Worcestershire's journey in the slides' order, with the slides' date labels", async () => {
    const { data, errors } = await graphql<Timeline>(running.baseUrl, TIMELINE);
    expect(errors).toBeUndefined();
    const entries = data!.timeline.entries;
    let from = 0;
    for (const [label, kind] of SLIDES) {
      const found = entries.findIndex((e, i) => i >= from && e.label === label && e.kind === kind);
      expect({ label, kind, found: found >= 0 }).toEqual({ label, kind, found: true });
      from = found + 1;
    }
    expect(entries.find((e) => e.kind === 'findings')?.title).toBe('Inspection report published: 14 recommendations');
    expect(entries.filter((e) => e.kind === 'priority').map((e) => e.label)).toEqual(Array(4).fill('July to September 2017'));
    expect(data!.timeline.cut).toMatchObject({ asOf: null, headPosition: expect.stringMatching(/^\d+$/) });
  });

  it('as of a date between the two monitoring visits, shows the first and not the second', async () => {
    const { data } = await graphql<Timeline>(running.baseUrl, TIMELINE, { asOf: '2017-07-01' });
    const visits = data!.timeline.entries.filter((e: { kind: string }) => e.kind === 'monitoring visit');
    expect(visits.map((v: { label: string }) => v.label)).toEqual(['May 2017']);
    expect(data!.timeline.entries.some((e: { label: string }) => e.label === 'October 2017')).toBe(false);
    expect(data!.timeline.cut.asOf).toBe('2017-07-01');

    const authority = await graphql<{
      authority: { authority: { visits: { number: number | null }[]; planIds: string[]; currentIntervention: { kind: string } | null } };
    }>(
      running.baseUrl,
      `
        {
          authority(laCode: "885", asOf: "2017-07-01") {
            authority {
              visits {
                number
              }
              planIds
              currentIntervention {
                kind
              }
            }
          }
        }
      `,
    );
    expect(authority.data!.authority.authority).toEqual({
      visits: [{ number: 1 }],
      planIds: ['worcestershire-2016-12', 'worcestershire-2017-06'],
      currentIntervention: { kind: 'statutory direction' },
    });
  });

  it('flags a span that runs past asOf as uncertain', async () => {
    const { data } = await graphql<Timeline>(running.baseUrl, TIMELINE, { asOf: '2017-04-15' });
    const review = data!.timeline.entries.find((e: { kind: string }) => e.kind === 'review');
    expect(review).toMatchObject({ label: 'March/April 2017', uncertain: true });
    expect(
      data!.timeline.entries.filter((e: { title: string }) => e.title.endsWith('published') && e.title.startsWith('Commissioner')),
    ).toEqual([]);
  });

  it("answers Wirral's indicator series and Warrington's focused visit", async () => {
    const series = await graphql<{
      indicatorSeries: { indicators: { indicatorId: string; unit: string; measurements: { value: number; at: string }[] }[] };
    }>(
      running.baseUrl,
      `
        {
          indicatorSeries(laCode: "344") {
            indicators {
              indicatorId
              unit
              measurements {
                value
                at
              }
            }
          }
        }
      `,
    );
    expect(series.data!.indicatorSeries.indicators).toEqual([
      {
        indicatorId: 'children-on-cp-plans',
        unit: 'count',
        measurements: [
          { value: 253, at: '2018-03-31' },
          { value: 422, at: '2018-09-05' },
        ],
      },
      { indicatorId: 'icpc-in-timescale', unit: 'percent', measurements: [{ value: 65.5, at: '2018-09-05' }] },
    ]);
    const warrington = await graphql<{
      authority: {
        authority: {
          name: string;
          region: string;
          visits: {
            kind: string;
            leadInspector: string | null;
            fieldwork: { start: string; end: string } | null;
            findings: { whatNeedsToImprove: string[]; areasForPriorityAction: string[] }[];
          }[];
        };
      };
    }>(
      running.baseUrl,
      `
        {
          authority(laCode: "877") {
            authority {
              name
              region
              visits {
                kind
                leadInspector
                fieldwork {
                  start
                  end
                }
                findings {
                  whatNeedsToImprove
                  areasForPriorityAction
                }
              }
            }
          }
        }
      `,
    );
    const [visit] = warrington.data!.authority.authority.visits;
    expect(visit).toMatchObject({
      kind: 'focused visit',
      leadInspector: 'Lorna Schlechte',
      fieldwork: { start: '2018-01-31', end: '2018-02-01' },
    });
    expect(visit.findings[0].whatNeedsToImprove).toHaveLength(4);
    expect(visit.findings[0].areasForPriorityAction).toEqual([]);
  });

  it('lists authorities as a Relay connection, filtered by region and intervention', async () => {
    const { data } = await graphql<{
      authorities: {
        totalCount: number;
        edges: { cursor: string; node: { laCode: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
    }>(
      running.baseUrl,
      `
        {
          authorities(region: "North West", first: 1) {
            totalCount
            edges {
              cursor
              node {
                laCode
              }
            }
            pageInfo {
              hasNextPage
              endCursor
            }
          }
        }
      `,
    );
    expect(data!.authorities).toEqual({
      totalCount: 2,
      edges: [{ cursor: '344', node: { laCode: '344' } }],
      pageInfo: { hasNextPage: true, endCursor: '344' },
    });
    const next = await graphql<{ authorities: { edges: { node: { laCode: string } }[]; pageInfo: { hasNextPage: boolean } } }>(
      running.baseUrl,
      `
        {
          authorities(region: "North West", first: 1, after: "344") {
            edges {
              node {
                laCode
              }
            }
            pageInfo {
              hasNextPage
            }
          }
        }
      `,
    );
    expect(next.data!.authorities).toEqual({ edges: [{ node: { laCode: '877' } }], pageInfo: { hasNextPage: false } });
    const underIntervention = await graphql<{
      authorities: { edges: { node: { laCode: string; latestOverallJudgement: string | null } }[] };
    }>(
      running.baseUrl,
      `
        {
          authorities(underIntervention: true) {
            edges {
              node {
                laCode
                latestOverallJudgement
              }
            }
          }
        }
      `,
    );
    expect(underIntervention.data!.authorities.edges).toEqual([{ node: { laCode: '885', latestOverallJudgement: 'inadequate' } }]);
  });

  it("given the demo, when a council's timeline is asked now, then the read model answers it as the log folded gives it", async () => {
    type Line = { label: string; kind: string; title: string; streamId: string; eventId: string; corrected: boolean; uncertain: boolean };
    type Answer = { timeline: { cut: { answeredFrom: string }; entries: Line[] } };
    const ask = (laCode: string, asOf?: string) =>
      graphql<Answer>(
        running.baseUrl,
        `
          query ($laCode: String!, $asOf: String) {
            timeline(laCode: $laCode, asOf: $asOf) {
              cut {
                answeredFrom
              }
              entries {
                label
                kind
                title
                streamId
                eventId
                corrected
                uncertain
              }
            }
          }
        `,
        { laCode, asOf },
      );
    // asOf today is folded from the log; every demo line lies in the past, so asOf changes none of them.
    const today = new Date().toISOString().slice(0, 10);
    let plans = 0;
    for (const laCode of ['885', '344', '877']) {
      const now = await ask(laCode);
      const folded = await ask(laCode, today);
      expect(now.errors).toBeUndefined();
      expect(now.data!.timeline.cut.answeredFrom).toBe('read model');
      expect(folded.data!.timeline.cut.answeredFrom).toBe('fold');
      expect(now.data!.timeline.entries).toEqual(folded.data!.timeline.entries);
      plans += now.data!.timeline.entries.filter((line) => line.streamId.startsWith('plan-')).length;
    }
    expect(plans).toBeGreaterThan(0);
  });

  it('does not record the demo twice when the seed runs again', async () => {
    const before = (await graphql<Timeline>(running.baseUrl, TIMELINE)).data!.timeline.cut.headPosition;
    const { DemoSeeder } = await import('../apps/api/src/seed/demo-seeder');
    const again = await running.app.get(DemoSeeder).seed();
    expect(again.recorded).toBe(0);
    expect((await graphql<Timeline>(running.baseUrl, TIMELINE)).data!.timeline.cut.headPosition).toBe(before);
  });

  // The seeds are written from the shared documents; these checks keep them honest where the documents are at hand.
  (existsSync(fixtures) ? describe : describe.skip)('against the shared Ofsted documents', () => {
    const text = (name: string): string => readFileSync(join(fixtures, name), 'utf8');

    it('every slide date label is written in the Worcestershire slides', () => {
      const slides = text('worcestershire-2017-improvement-slides.txt');
      for (const [label] of SLIDES) expect(slides).toContain(label);
    });

    it("Wirral's visit dates, figures and inspectors are the letter's", () => {
      const letter = text('wirral-2018-09-monitoring-visit.txt');
      for (const fact of [
        '4 and 5 September 2018',
        'seventh monitoring visit',
        '253',
        '422',
        '65.5%',
        'Sheena Doyle',
        'Shabana Abasi',
        '27 September 2018',
      ]) {
        expect(letter).toContain(fact);
      }
    });

    it("Warrington's visit dates and lead inspector are the letter's", () => {
      const letter = text('warrington-2018-02-focused-visit.txt');
      for (const fact of [
        '31 January and 1 February 2018',
        '23 February 2018',
        'Lorna Schlechte (Lead Inspector)',
        'Neil Penswick',
        'no priority actions',
      ]) {
        expect(letter).toContain(fact);
      }
    });
  });
});
