import type Database from 'better-sqlite3';

/**
 * The version of how rows are derived from events. A model built by another version is rebuilt from the log, never
 * patched: change it whenever planItemRow, assemblePlan, the authority row or this schema change what is stored.
 */
export const READ_MODEL_VERSION = 8;

/** valid_to of a row still current: rows are valid from the position that wrote them until the one that replaced them. */
export const OPEN = 9223372036854775807n;

/**
 * Versioned rows on the recording axis. A row is valid for positions valid_from <= p < valid_to, so the model at any
 * position is a range query, and "now" is valid_to = OPEN (an index seek). Plans are kept one row per item
 * (priority, action, indicator, meeting, header, plan grade, each grading, unreadable event), so one event rewrites one small row,
 * not the plan; authorities are small and kept whole.
 */
export function createReadModelSchema(db: Database.Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS read_model_checkpoint (
      name     TEXT PRIMARY KEY,
      position INTEGER NOT NULL,
      version  INTEGER NOT NULL,
      log_id   TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS authority_rows (
      la_code    TEXT NOT NULL,
      valid_from INTEGER NOT NULL,
      valid_to   INTEGER NOT NULL,
      region     TEXT,
      -- What the portfolio filters and pages on, beside the document, so a page parses only its own councils.
      state      TEXT NOT NULL,
      judgement  TEXT,
      intervention INTEGER NOT NULL,
      doc        TEXT NOT NULL,
      -- The document without its histories (inspections, visits, findings: 14 kB a council at 1M events): what a page of
      -- councils shows. Fifty documents took 8 ms to read at 1M; their summaries are a few hundred bytes each.
      summary    TEXT NOT NULL,
      PRIMARY KEY (la_code, valid_from)
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS authority_rows_at ON authority_rows (valid_to, la_code);
    CREATE TABLE IF NOT EXISTS plan_rows (
      plan_id    TEXT NOT NULL,
      key        TEXT NOT NULL,
      valid_from INTEGER NOT NULL,
      valid_to   INTEGER NOT NULL,
      la_code    TEXT NOT NULL,
      kind       TEXT NOT NULL,
      ord        INTEGER NOT NULL,
      owner      TEXT,
      due        TEXT,
      status     TEXT,
      grade      TEXT,
      doc        TEXT NOT NULL,
      PRIMARY KEY (plan_id, key, valid_from)
    );
    CREATE INDEX IF NOT EXISTS plan_rows_open ON plan_rows (plan_id, valid_to, key);
    CREATE INDEX IF NOT EXISTS plan_rows_by_council ON plan_rows (kind, la_code, valid_to);
    CREATE INDEX IF NOT EXISTS plan_rows_by_due ON plan_rows (kind, valid_to, due);
    -- Covering indexes for the portfolio's progress columns and each plan's latest meeting: rows carry their documents
    -- (kilobytes each), so a question that only counts, or only finds which row, must not read them. At 1M events these
    -- took a page's plans from 116 ms to 15 ms and from 178 ms to under 1 ms.
    CREATE INDEX IF NOT EXISTS plan_rows_progress ON plan_rows (plan_id, kind, valid_to, valid_from, status, due, grade);
    CREATE INDEX IF NOT EXISTS plan_rows_meetings ON plan_rows (plan_id, kind, ord, valid_to, valid_from);
    -- The portfolio's actions by status (overdue is open and past due): without it, the open rows of every action were
    -- looked up in the table to read their status, 65 ms at 1M events for 1,917 overdue actions; with it, 5 ms. An
    -- index changes nothing stored, so a model built before it gains it at start (about a second at 1M).
    CREATE INDEX IF NOT EXISTS plan_rows_actions ON plan_rows (status, valid_to, due, valid_from, la_code, plan_id, ord, key, owner)
      WHERE kind = 'action';
  `);
}
