import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteReadOnly, StoreReadOnly } from '@plan-ledger/event-store';

/** What a presented API token turned out to be. */
export type TokenCheck = { readonly valid: true; readonly tokenId: string } | { readonly valid: false; readonly reason: string };

export interface MintedToken {
  readonly tokenId: string;
  readonly token: string;
  readonly secretSha256: Buffer;
}

const TOKEN = /^plt_([A-Za-z0-9_-]{16})_([A-Za-z0-9_-]{43})$/;

/**
 * API tokens for the embedded default: a token is shown once, when issued; only the SHA-256 of its secret is kept
 * (the secret is 256 random bits, so a fast hash is enough: nothing can be guessed from it). Kept in a file of its
 * own beside the log, never in the log: the access stream records grants to `token:<id>`, never a token or hash.
 */
export class TokenVault {
  private readonly db: Database.Database;
  private readonly lookup: Database.Statement<[string], { secret_sha256: Buffer; revoked_at: string | null }>;

  private readonly path: string;

  /** @param readOnly a read-only service (LEDGER_READ_ONLY, a data folder that cannot be written): checks tokens, keeps none. */
  constructor(
    dataDir: string,
    private readonly readOnly = false,
  ) {
    this.path = dataDir === ':memory:' ? ':memory:' : join(dataDir, 'access-tokens.sqlite');
    if (readOnly && this.path !== ':memory:' && existsSync(this.path)) this.db = openSqliteReadOnly(this.path, 5_000);
    else {
      // Read-only without a vault file: no token was ever issued there, and an empty vault in memory says so.
      if (!readOnly && dataDir !== ':memory:') mkdirSync(dataDir, { recursive: true });
      this.db = new Database(readOnly ? ':memory:' : this.path);
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = FULL');
      this.db.exec(
        'CREATE TABLE IF NOT EXISTS api_tokens (token_id TEXT PRIMARY KEY, secret_sha256 BLOB NOT NULL, issued_at TEXT NOT NULL, revoked_at TEXT)',
      );
    }
    this.lookup = this.db.prepare('SELECT secret_sha256, revoked_at FROM api_tokens WHERE token_id = ?');
  }

  /**
   * A new token: its id (which grants name) and the token, which is never stored and cannot be shown again. Nothing
   * is kept until `keep`, once its grant is on record, so a refused grant leaves no working token behind.
   */
  mint(): MintedToken {
    const tokenId = randomBytes(12).toString('base64url');
    const secret = randomBytes(32).toString('base64url');
    return { tokenId, token: `plt_${tokenId}_${secret}`, secretSha256: createHash('sha256').update(secret).digest() };
  }

  keep(minted: MintedToken, now: Date): void {
    if (this.readOnly) throw new StoreReadOnly(this.path);
    this.db
      .prepare('INSERT INTO api_tokens (token_id, secret_sha256, issued_at) VALUES (?, ?, ?)')
      .run(minted.tokenId, minted.secretSha256, now.toISOString());
  }

  check(token: string): TokenCheck {
    const match = TOKEN.exec(token);
    if (!match) return { valid: false, reason: 'the API token is not in the form plt_<id>_<secret>' };
    const [, tokenId, secret] = match;
    const row = this.lookup.get(tokenId);
    const presented = createHash('sha256').update(secret).digest();
    // Compared in constant time, and against a dummy when the id is unknown, so timing tells nothing about which part is wrong.
    const stored = row?.secret_sha256 ?? Buffer.alloc(32);
    if (!timingSafeEqual(presented, stored) || !row) return { valid: false, reason: 'the API token is not one this service issued' };
    if (row.revoked_at) return { valid: false, reason: `the API token was revoked at ${row.revoked_at}` };
    return { valid: true, tokenId };
  }

  /** Whether a token id was issued here, and whether it still works. */
  state(tokenId: string): 'active' | 'revoked' | 'unknown' {
    const row = this.lookup.get(tokenId);
    return !row ? 'unknown' : row.revoked_at ? 'revoked' : 'active';
  }

  revoke(tokenId: string, now: Date): boolean {
    if (this.readOnly) throw new StoreReadOnly(this.path);
    return (
      this.db.prepare('UPDATE api_tokens SET revoked_at = ? WHERE token_id = ? AND revoked_at IS NULL').run(now.toISOString(), tokenId)
        .changes > 0
    );
  }

  close(): void {
    this.db.close();
  }
}
