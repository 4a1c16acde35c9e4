import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { currentSchemaVersion } from '@plan-ledger/domain';
import { ManualClock, SqliteEventStore, type EventToAppend } from '@plan-ledger/event-store';
import { ProjectionRunner, READ_MODEL_VERSION, readModelHash } from '@plan-ledger/projections';
import { planCreated } from './support/fixtures';
import { freshHash } from './support/fresh-hash';

/**
 * The runner's promises: rows and checkpoint commit together, so a process killed part-way (SIGKILL, no clean-up)
 * leaves a model that resumes to the same rows as a fold from scratch, none lost and none doubled; a model built by
 * another version, or from another log, is built again.
 */
const occurredAt = { from: '2026-03', precision: 'month' as const };
const metadata = { occurredAt, actor: { id: 'tester', role: 'editor' }, schemaVersion: 1 };
// ProgressGraded is at v2 (`grade`): at v1 its data would be set aside as unreadable, and no grading row tried.
const graded = { ...metadata, schemaVersion: currentSchemaVersion('ProgressGraded') };

async function logOf(path: string, plans: number, perPlan: number): Promise<SqliteEventStore> {
  const store = new SqliteEventStore({ path, clock: new ManualClock('2026-03-02T09:00:00.000Z'), synchronous: 'NORMAL' });
  for (let p = 0; p < plans; p++) {
    const planId = `plan-${p}`;
    const events: EventToAppend[] = [{ type: 'PlanCreated', data: planCreated(planId), metadata }];
    for (let i = 0; i < perPlan; i++) {
      const priorityId = `p${i % 5}`;
      events.push(
        i < 5
          ? { type: 'PrioritySet', data: { priorityId, title: `Priority ${i}` }, metadata }
          : {
              type: 'ProgressGraded',
              data: { target: 'priority', targetId: priorityId, grade: ['red', 'amber', 'green'][i % 3], gradedBy: 'board' },
              metadata: graded,
            },
      );
    }
    await store.append(`plan-${planId}`, events, { expectedRevision: 'no_stream' });
  }
  return store;
}

describe('projection runner', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'read-model-runner-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('given a process killed with SIGKILL while projecting, when the model is followed again, then it equals a fold from scratch', async () => {
    const storePath = join(dir, 'ledger.db');
    const modelPath = join(dir, 'model.sqlite');
    const store = await logOf(storePath, 120, 150);
    const head = await store.headPosition();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(process.cwd(), 'libs/projections/test/support/project-until-killed.ts'), storePath, modelPath],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const exited = new Promise((resolve) => child.on('exit', resolve));
    // Kill it once it has committed some batches but not all.
    let committed = 0n;
    for (let tries = 0; tries < 600 && committed < 2000n; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      try {
        const peek = new Database(modelPath, { readonly: true, fileMustExist: true });
        committed = BigInt(
          (peek.prepare('SELECT position FROM read_model_checkpoint').get() as { position: number } | undefined)?.position ?? 0,
        );
        peek.close();
      } catch {
        // Not created yet.
      }
    }
    child.kill('SIGKILL');
    await exited;
    expect(committed).toBeGreaterThan(0n);
    expect(committed).toBeLessThan(head);

    const runner = new ProjectionRunner(store, { path: modelPath });
    await runner.start();
    expect(runner.status().rebuiltBecause).toBeNull();
    expect(runner.status().position).toBeGreaterThanOrEqual(committed);
    expect(await runner.waitFor(head, 60_000)).toBe(true);
    expect(readModelHash(runner.db, head)).toBe(await freshHash(store, head));
    await runner.stop();
    await store.close();
  }, 120_000);

  it('given a model file of an older schema (council rows without their summary), when the runner starts, then it builds the model again', async () => {
    const store = await logOf(join(dir, 'ledger.db'), 2, 5);
    const modelPath = join(dir, 'model.sqlite');
    const old = new Database(modelPath);
    old.exec(`
      CREATE TABLE read_model_checkpoint (name TEXT PRIMARY KEY, position INTEGER NOT NULL, version INTEGER NOT NULL, log_id TEXT NOT NULL);
      CREATE TABLE authority_rows (la_code TEXT NOT NULL, valid_from INTEGER NOT NULL, valid_to INTEGER NOT NULL, region TEXT,
        state TEXT NOT NULL, judgement TEXT, intervention INTEGER NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (la_code, valid_from)) WITHOUT ROWID;
    `);
    old.prepare("INSERT INTO read_model_checkpoint VALUES ('ledger', 3, ?, 'old')").run(READ_MODEL_VERSION - 1);
    old.close();

    const runner = new ProjectionRunner(store, { path: modelPath });
    await runner.start();
    expect(runner.status().rebuiltBecause).toMatch(/version/);
    const head = await store.headPosition();
    expect(await runner.waitFor(head, 10_000)).toBe(true);
    expect(readModelHash(runner.db, head)).toBe(await freshHash(store, head));
    await runner.stop();
    await store.close();
  });

  it('given a model built by another version, when the runner starts, then it builds the model again and says why', async () => {
    const store = await logOf(join(dir, 'ledger.db'), 3, 10);
    const modelPath = join(dir, 'model.sqlite');
    const first = new ProjectionRunner(store, { path: modelPath });
    await first.start();
    await first.waitFor(await store.headPosition(), 10_000);
    await first.stop();
    const db = new Database(modelPath);
    db.prepare('UPDATE read_model_checkpoint SET version = ?').run(READ_MODEL_VERSION - 1);
    db.prepare("UPDATE plan_rows SET doc = '{}'").run();
    db.close();

    const again = new ProjectionRunner(store, { path: modelPath });
    await again.start();
    expect(again.status().rebuiltBecause).toMatch(/version/);
    const head = await store.headPosition();
    expect(await again.waitFor(head, 10_000)).toBe(true);
    expect(readModelHash(again.db, head)).toBe(await freshHash(store, head));
    await again.stop();
    await store.close();
  });

  it('given a model built from another log, when the runner starts on this one, then it builds the model again', async () => {
    const other = await logOf(join(dir, 'other.db'), 2, 5);
    const modelPath = join(dir, 'model.sqlite');
    const first = new ProjectionRunner(other, { path: modelPath });
    await first.start();
    await first.waitFor(await other.headPosition(), 10_000);
    await first.stop();
    await other.close();

    const store = await logOf(join(dir, 'ledger.db'), 3, 10);
    const again = new ProjectionRunner(store, { path: modelPath });
    await again.start();
    expect(again.status().rebuiltBecause).toMatch(/another log/);
    const head = await store.headPosition();
    expect(await again.waitFor(head, 10_000)).toBe(true);
    expect(readModelHash(again.db, head)).toBe(await freshHash(store, head));
    await again.stop();
    await store.close();
  });

  it('given a stored row whose bytes are damaged, when the model follows the log, then it names the row, passes over it and folds the rest', async () => {
    const storePath = join(dir, 'ledger.db');
    const store = await logOf(storePath, 3, 10);
    const head = await store.headPosition();
    await store.close();
    const damage = new Database(storePath);
    damage.prepare('UPDATE events SET canonical = CAST(\'{"type":\' AS BLOB) WHERE position = 15').run();
    damage.close();
    const reopened = new SqliteEventStore({ path: storePath });
    const runner = new ProjectionRunner(reopened, { path: join(dir, 'model.sqlite') });
    await runner.start();
    expect(await runner.waitFor(head, 10_000)).toBe(true);
    expect(runner.status().passedOver).toEqual([expect.stringMatching(/^the stored event at position 15 cannot be read/)]);
    // The plans whose streams are whole are there, with every row.
    const rows = runner.db.prepare("SELECT DISTINCT plan_id FROM plan_rows WHERE kind = 'plan'").all() as { plan_id: string }[];
    expect(rows.map((r) => r.plan_id).sort()).toEqual(['plan-0', 'plan-1', 'plan-2']);
    await runner.stop();

    // Started again on a model that has to read plan-1's stream afresh: the damaged row is left out, not a stall.
    await reopened.append('plan-plan-1', [{ type: 'PrioritySet', data: { priorityId: 'p9', title: 'After the damage' }, metadata }], {
      expectedRevision: 10n,
    });
    const again = new ProjectionRunner(reopened, { path: join(dir, 'model.sqlite') });
    await again.start();
    expect(await again.waitFor(head + 1n, 10_000)).toBe(true);
    expect(again.db.prepare("SELECT COUNT(*) AS n FROM plan_rows WHERE plan_id = 'plan-1' AND key = 'priority:p9'").get()).toEqual({
      n: 1,
    });
    await again.stop();
    await reopened.close();
  });

  it('given a model started on an empty log, when the log fills and the runner starts again, then it resumes rather than rebuilds', async () => {
    const store = new SqliteEventStore({ path: join(dir, 'ledger.db'), clock: new ManualClock('2026-03-02T09:00:00.000Z') });
    const modelPath = join(dir, 'model.sqlite');
    const first = new ProjectionRunner(store, { path: modelPath });
    await first.start();
    await store.append('plan-plan-0', [{ type: 'PlanCreated', data: planCreated('plan-0'), metadata }], { expectedRevision: 'no_stream' });
    expect(await first.waitFor(1n, 10_000)).toBe(true);
    await first.stop();

    const again = new ProjectionRunner(store, { path: modelPath });
    await again.start();
    expect(again.status()).toMatchObject({ rebuiltBecause: null, position: 1n });
    await again.stop();
    await store.close();
  });
});
