import { Inject, type OnModuleDestroy } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Args, Field, InputType, Int, Mutation, ObjectType, Resolver } from '@nestjs/graphql';
import { StreamNotFound, type Clock, type EventStore } from '@plan-ledger/event-store';
import {
  closeSharedPdfReaders,
  documentLimitsFromEnv,
  draftImport,
  ImportRefused,
  MAX_IMPORT_BYTES,
  type DocumentLimits,
  type ImportDraft,
} from '@plan-ledger/ofsted-import';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { GraphQLJSON } from 'graphql-type-json';
import { Allow } from '../access/access-rule';
import { CurrentPrincipal } from '../access/current-principal';
import type { Principal } from '../access/principal';
import { InputRejected, NotFound } from '../errors/input-rejected';
import { CLOCK, EVENT_STORE } from '../event-store/event-store.tokens';
import { matchDraft, type ImportMatch } from '../import/import-match';
import { IsStandardBase64 } from './inputs/base64-rule';
import { LedgerReader } from '../ledger/ledger-reader';
import { parseRecordCommand } from '../ledger/record-command';

@InputType()
class PreviewImportInput {
  @Field() @IsString() @IsNotEmpty() @MaxLength(200) fileName!: string;
  @Field({ nullable: true, description: 'The file (PDF or text), base64' })
  @IsOptional()
  @IsStandardBase64()
  @MaxLength(Math.ceil((MAX_IMPORT_BYTES * 4) / 3) + 4)
  base64?: string;
  @Field({ nullable: true, description: 'Or the text of a letter' }) @IsOptional() @IsString() @MaxLength(MAX_IMPORT_BYTES) text?: string;
  @Field({ nullable: true }) @IsOptional() @Matches(/^\d{3}$/, { message: 'must be a three-digit la_code' }) laCode?: string;
}

@ObjectType('ImportPreview')
class ImportPreviewType {
  @Field({ description: 'Pass to applyImport once a person has checked the draft' }) previewId!: string;
  @Field() documentType!: string;
  @Field(() => [String], { description: 'What must be settled before it can be recorded' }) blockers!: string[];
  @Field(() => GraphQLJSON, { description: 'The columns of expected-latest.csv' }) summary!: unknown;
  @Field(() => GraphQLJSON, { description: 'Every field read, with its confidence and page and line' }) fields!: unknown;
  @Field(() => GraphQLJSON, { description: 'The commands the draft holds, as if nothing were on record' }) commands!: unknown;
  @Field(() => GraphQLJSON, {
    nullable: true,
    description:
      "What the log already holds of it: status 'new', 'already on record' or 'differs', the entry on record, each field's " +
      'old and new value, and the commands applyImport would record (null while the draft has blockers)',
  })
  match!: unknown;
}

@ObjectType('ImportResult')
class ImportResultType {
  @Field() streamId!: string;
  @Field(() => Int) recorded!: number;
  @Field(() => Int, { description: 'Steps already on record from an earlier import of the same document' }) alreadyRecorded!: number;
  @Field({ description: "How the document matched the record when applied: 'new', 'already on record' or 'differs'" }) match!: string;
  @Field({
    description:
      "What became of the document itself: 'recorded with the entry' (new), 'attached as a source' (to the inspection or " +
      "visit on record), or 'already attached' (nothing recorded for it)",
  })
  document!: string;
}

/**
 * Reading Ofsted documents into drafts, and recording a checked draft. Drafts are kept for an hour.
 * PDFs are read by pdf.js in worker threads within DocumentLimits, so a hostile file costs a worker, not the service.
 */
@Resolver()
export class ImportResolver implements OnModuleDestroy {
  private readonly previews = new Map<string, { draft: ImportDraft; at: number }>();
  // Read once, so that a limit set to nonsense stops the service at start rather than at the first import.
  private readonly limits: DocumentLimits = documentLimitsFromEnv(process.env);

  constructor(
    private readonly commandBus: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly reader: LedgerReader,
  ) {}

  /** The draft against what the log holds for its council now (corrections applied, retractions gone). */
  private async matchOf(draft: ImportDraft): Promise<ImportMatch | null> {
    const laCode = draft.reading.authority.value?.laCode;
    if (!laCode || draft.blockers.length > 0) return null;
    const cut = await this.reader.resolveCut();
    return matchDraft(draft, await this.reader.authorityEntries(laCode, cut));
  }

  @Allow({ kind: 'import' })
  @Mutation(() => ImportPreviewType, { description: 'Reads a report or letter into a draft; records nothing' })
  async previewImport(@Args('input') input: PreviewImportInput): Promise<ImportPreviewType> {
    if ((input.base64 === undefined) === (input.text === undefined))
      throw new InputRejected([{ field: 'base64', rule: 'give either base64 or text, not both' }]);
    const bytes = input.base64 !== undefined ? Buffer.from(input.base64, 'base64') : Buffer.from(input.text!, 'utf8');
    let draft: ImportDraft;
    try {
      draft = await draftImport(bytes, { fileName: input.fileName, laCode: input.laCode, limits: this.limits });
    } catch (error) {
      // Every refusal, a document too complex, too slow or crashing its reader included, is about the file sent.
      if (error instanceof ImportRefused)
        throw new InputRejected([{ field: input.base64 !== undefined ? 'base64' : 'text', rule: `${error.message} (${error.code})` }]);
      throw error;
    }
    const previewId = `${draft.sha256}${input.laCode ? `-${input.laCode}` : ''}`;
    const hour = Date.now() - 3_600_000;
    for (const [id, kept] of this.previews) if (kept.at < hour) this.previews.delete(id);
    this.previews.set(previewId, { draft, at: Date.now() });
    const { reading, ...rest } = draft;
    return {
      previewId,
      documentType: draft.documentType,
      blockers: [...draft.blockers],
      summary: rest.summary,
      fields: reading,
      commands: draft.commands,
      match: await this.matchOf(draft),
    };
  }

  @Allow({ kind: 'import' })
  @Mutation(() => ImportResultType, {
    description:
      'Records a previewed draft as it matches the record now, with the document as its source: all of it when new, ' +
      'the corrections when it differs, nothing when already on record (so never a second copy); the document is ' +
      'attached as a source of the inspection or visit it matched unless it already is.',
  })
  async applyImport(@Args('previewId') previewId: string, @CurrentPrincipal() principal: Principal): Promise<ImportResultType> {
    const kept = this.previews.get(previewId);
    if (!kept) throw new NotFound(`preview ${previewId} (previews last an hour: preview the document again)`);
    const { draft } = kept;
    if (draft.blockers.length) throw new InputRejected(draft.blockers.map((rule) => ({ field: 'draft', rule })));
    // Matched again now, not at preview: the log may have changed since.
    const match = (await this.matchOf(draft))!;
    let recorded = 0;
    // Already on record: the steps of the draft the log holds, as an import of the same document again would say.
    let alreadyRecorded = match.status === 'already on record' ? draft.commands.filter((c) => !c.onlyIfStreamIsNew).length : 0;
    let streamId = `authority-${draft.reading.authority.value!.laCode}`;
    let document = match.document === 'to attach' ? 'attached as a source' : match.document;
    for (const step of match.commands) {
      streamId = `authority-${step.key}`;
      if (step.onlyIfStreamIsNew && (await this.streamExists(streamId))) continue;
      const outcome = await this.commandBus.execute(
        parseRecordCommand(step.kind, step.key, step.command, this.clock.now().toISOString().slice(0, 10), step.occurredAt, principal, {
          commandId: step.commandId,
          source: draft.source,
        }),
      );
      if (outcome.alreadyRecorded) alreadyRecorded++;
      else recorded += outcome.events.length;
      // An earlier apply that attached it and then failed on a later step: this retry recorded nothing for it.
      if (step.command.type === 'AttachSource' && outcome.alreadyRecorded) document = 'already attached';
    }
    return { streamId, recorded, alreadyRecorded, match: match.status, document };
  }

  /** The PDF workers are the process's: stopping them at shutdown lets the process (and Jest) exit. */
  async onModuleDestroy(): Promise<void> {
    await closeSharedPdfReaders();
  }

  private async streamExists(streamId: string): Promise<boolean> {
    try {
      for await (const _ of this.store.readStream(streamId, { maxCount: 1 })) return true;
      return false;
    } catch (error) {
      if (error instanceof StreamNotFound) return false;
      throw error;
    }
  }
}
