import { randomBytes } from 'node:crypto';
import { Injectable, NotFoundException } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Principal } from '../../access/principal';
import { ImportResolver } from '../../graphql/import.resolver';

type Preview = Awaited<ReturnType<ImportResolver['previewImport']>>;
type Applied = Awaited<ReturnType<ImportResolver['applyImport']>>;

/** A draft read from an upload, kept for the person who uploaded it until they apply it (or an hour passes). */
export interface KeptDraft {
  readonly id: string;
  readonly laCode: string;
  readonly owner: string;
  readonly fileName: string;
  readonly at: number;
  readonly preview: Preview;
  /** Once applied: what was recorded. The draft page then says so instead of offering Apply again. */
  readonly applied?: Applied;
}

const HOUR = 3_600_000;
/** Each draft holds a report's reading: a bound on what uploads can make the service keep. */
const MAX_KEPT = 100;

/**
 * The web's side of importing a report: reading and applying go through GraphQL's own previewImport and applyImport
 * (the same reader within the same DocumentLimits, the same match against the log, the same commands recorded with
 * the same commandIds, so applying twice records once). What the web adds is the draft's address: a random id, kept
 * here beside the preview and bound to the person who uploaded it, so the Apply form names a draft on the server and
 * carries nothing a person could edit into what is recorded.
 */
@Injectable()
export class ImportDrafts {
  private readonly drafts = new Map<string, KeptDraft>();

  constructor(private readonly moduleRef: ModuleRef) {}

  private get importer(): ImportResolver {
    return this.moduleRef.get(ImportResolver, { strict: false });
  }

  async read(principal: Principal, laCode: string, fileName: string, bytes: Buffer): Promise<KeptDraft> {
    const preview = await this.importer.previewImport({ fileName, base64: bytes.toString('base64'), laCode });
    const now = Date.now();
    for (const [id, kept] of this.drafts) if (kept.at < now - HOUR || this.drafts.size >= MAX_KEPT) this.drafts.delete(id);
    const draft: KeptDraft = { id: randomBytes(24).toString('base64url'), laCode, owner: principal.id, fileName, at: now, preview };
    this.drafts.set(draft.id, draft);
    return draft;
  }

  /** The draft, for the person who uploaded it only: to anyone else it does not exist. */
  find(principal: Principal, laCode: string, id: string): KeptDraft {
    const kept = this.drafts.get(id);
    if (!kept || kept.owner !== principal.id || kept.laCode !== laCode || kept.at < Date.now() - HOUR)
      throw new NotFoundException('no such draft: drafts last an hour, for the person who uploaded the report');
    return kept;
  }

  /** Records the draft as it matches the log now (applyImport matches again), and keeps what it recorded. */
  async apply(principal: Principal, draft: KeptDraft): Promise<Applied> {
    const applied = await this.importer.applyImport(draft.preview.previewId, principal);
    this.drafts.set(draft.id, { ...draft, applied });
    return applied;
  }
}
