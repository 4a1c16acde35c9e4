import { basename } from 'node:path';
import { Controller, Get, HttpException, HttpStatus, Inject, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { authorityByCode } from '@plan-ledger/domain';
import { MAX_IMPORT_BYTES } from '@plan-ledger/ofsted-import';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { LedgerConfig } from '../../config/ledger-config';
import { ChecksAccessItself } from '../../access/access-rule';
import { requirePermission, type Principal } from '../../access/principal';
import { principalOf } from '../../access/request-principal';
import { InputRejected } from '../../errors/input-rejected';
import { LEDGER_CONFIG } from '../../event-store/event-store.tokens';
import { WebErrorFilter } from '../web-error.filter';
import { WebPages } from '../web-pages';
import { CSRF_FIELD, csrfTokenValid, issueCsrfToken } from './csrf';
import { csrfRefusal } from './form-flow';
import { formFieldsOf } from './form-input';
import { formRefusalOf } from './form-problems';
import { formErrorsOf, NO_ERRORS, type FormErrors } from './form-view';
import { fieldRowsOf, matchViewOf, STATUS_TAGS } from './import-draft-view';
import { ImportDrafts, type KeptDraft } from './import-drafts';
import { recordedAt } from './recorded-notice';

const LA_CODE = /^\d{3}$/;
const DOCUMENT = { id: 'document', label: 'The report' };

/**
 * `/councils/:laCode/import`: upload an Ofsted report or letter (PDF or text), review the draft read from it (each field
 * found, not found or ambiguous; the match with the record: new, already on record, or differs old → new), then
 * apply exactly that draft. Reading and applying are GraphQL's previewImport and applyImport (see ImportDrafts).
 */
@Controller('councils/:laCode/import')
@UseFilters(WebErrorFilter)
export class ImportFormPage {
  /** Uploads being read now: the edge's LEDGER_CONCURRENT_UPLOADS bounds them here as it bounds previewImport's. */
  private reading = 0;

  constructor(
    private readonly drafts: ImportDrafts,
    private readonly pages: WebPages,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  @Get()
  @ChecksAccessItself('importing is checked, and reading the council named')
  show(@Param('laCode') laCode: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    this.allowed(request, laCode);
    this.showUpload(request, reply, laCode, NO_ERRORS);
  }

  @Post()
  @ChecksAccessItself('importing is checked, and reading the council named; each command recorded is checked when applied')
  async upload(@Param('laCode') laCode: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const principal = this.allowed(request, laCode);
    if (!request.isMultipart())
      throw new InputRejected([{ field: 'document', rule: 'must be sent as a file upload (multipart/form-data)' }]);
    if (this.reading >= this.config.edge.concurrentUploads) {
      void reply.header('retry-after', '5');
      throw new HttpException(
        `${this.config.edge.concurrentUploads} documents are being read already (LEDGER_CONCURRENT_UPLOADS): send this one again in a few seconds`,
        HttpStatus.SERVICE_UNAVAILABLE,
      );
    }
    this.reading++;
    let draft: KeptDraft;
    try {
      const file = await this.receive(request);
      if (!file || file.bytes.length === 0)
        return this.showUpload(request, reply, laCode, problem('must be chosen: a report or letter, as a PDF'), 400);
      draft = await this.drafts.read(principal, laCode, file.name, file.bytes);
    } catch (error) {
      const refusal = formRefusalOf(error);
      if (refusal?.kind !== 'problems') throw error;
      return this.showUpload(
        request,
        reply,
        laCode,
        formErrorsOf(refusal.problems, { base64: DOCUMENT, text: DOCUMENT, document: DOCUMENT }, DOCUMENT),
        400,
      );
    } finally {
      this.reading--;
    }
    void reply.redirect(`/councils/${laCode}/import/drafts/${draft.id}`, 303);
  }

  @Get('drafts/:draftId')
  @ChecksAccessItself('importing is checked, and reading the council named; only the uploader finds the draft')
  review(
    @Param('laCode') laCode: string,
    @Param('draftId') draftId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): void {
    const principal = this.allowed(request, laCode);
    this.showDraft(request, reply, this.drafts.find(principal, laCode, draftId));
  }

  @Post('drafts/:draftId')
  @ChecksAccessItself('importing is checked, and reading the council named; each command recorded is checked as applyImport checks it')
  async apply(
    @Param('laCode') laCode: string,
    @Param('draftId') draftId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    if (!csrfTokenValid(request, formFieldsOf(request.body)[CSRF_FIELD])) throw csrfRefusal();
    const principal = this.allowed(request, laCode);
    const draft = this.drafts.find(principal, laCode, draftId);
    let applied;
    try {
      applied = await this.drafts.apply(principal, draft);
    } catch (error) {
      const refusal = formRefusalOf(error);
      if (refusal?.kind !== 'problems') throw error;
      return this.showDraft(request, reply, draft, formErrorsOf(refusal.problems, {}, { id: 'apply', label: 'The draft' }), 400);
    }
    const council = applied.streamId.startsWith('authority-') ? applied.streamId.slice('authority-'.length) : laCode;
    void reply.redirect(recordedAt(`/councils/${council}`, applied.recorded === 0 ? 'import-already' : 'import'), 303);
  }

  private allowed(request: FastifyRequest, laCode: string): Principal {
    if (!LA_CODE.test(laCode)) throw new InputRejected([{ field: 'laCode', rule: 'must be a three-digit la_code' }]);
    const principal = principalOf(request);
    requirePermission(principal, { kind: 'import' });
    requirePermission(principal, { kind: 'read' }, laCode);
    return principal;
  }

  /**
   * The upload's parts in the order the form sends them: the CSRF token first, checked before the document is read,
   * so a forged upload costs nothing; then the one file, within the size form-parsing.ts sets.
   */
  private async receive(request: FastifyRequest): Promise<{ name: string; bytes: Buffer } | undefined> {
    let token: unknown;
    let file: { name: string; bytes: Buffer } | undefined;
    try {
      for await (const part of request.parts()) {
        if (part.type === 'field') {
          if (part.fieldname === CSRF_FIELD) token = part.value;
          continue;
        }
        if (!csrfTokenValid(request, token)) throw csrfRefusal();
        const bytes = await part.toBuffer();
        // A person's file name, shown back and kept as the source's: its last part, within GraphQL's 200 characters.
        const name = basename(part.filename || 'report.pdf').slice(-200) || 'report.pdf';
        file = part.filename ? { name, bytes } : undefined;
      }
    } catch (error) {
      if (error instanceof Error && 'code' in error && error.code === 'FST_REQ_FILE_TOO_LARGE')
        throw new InputRejected([{ field: 'document', rule: `must be at most ${Math.floor(this.fileLimit() / (1024 * 1024))} MiB` }]);
      throw error;
    }
    if (!csrfTokenValid(request, token)) throw csrfRefusal();
    return file;
  }

  private fileLimit(): number {
    return Math.min(MAX_IMPORT_BYTES, this.config.edge.uploadLimitBytes);
  }

  private frame(laCode: string, path: string) {
    return {
      path,
      breadcrumbs: [
        { text: 'Portfolio', href: '/' },
        { text: authorityByCode(laCode)?.name ?? `Council ${laCode}`, href: `/councils/${laCode}` },
      ],
    };
  }

  private showUpload(request: FastifyRequest, reply: FastifyReply, laCode: string, errors: FormErrors, status = 200): void {
    const csrfToken = issueCsrfToken(request, reply);
    this.pages.render(
      request,
      reply,
      'forms/import-upload.njk',
      this.frame(laCode, `/councils/${laCode}/import`),
      {
        title: 'Import an Ofsted report',
        council: authorityByCode(laCode)?.name ?? `Council ${laCode}`,
        showTimeTravel: false,
        errors: errors.errors,
        errorSummary: errors.errorSummary,
        form: { action: `/councils/${laCode}/import`, csrfField: CSRF_FIELD, csrfToken },
        maxMiB: Math.floor(this.fileLimit() / (1024 * 1024)),
      },
      status,
    );
  }

  private showDraft(request: FastifyRequest, reply: FastifyReply, draft: KeptDraft, errors: FormErrors = NO_ERRORS, status = 200): void {
    const csrfToken = issueCsrfToken(request, reply);
    const path = `/councils/${draft.laCode}/import/drafts/${draft.id}`;
    this.pages.render(
      request,
      reply,
      'forms/import-draft.njk',
      this.frame(draft.laCode, path),
      {
        title: 'Check the draft before applying it',
        showTimeTravel: false,
        errors: errors.errors,
        errorSummary: errors.errorSummary,
        draft,
        ...fieldRowsOf(draft.preview.fields),
        match: matchViewOf(draft.preview.match),
        tags: STATUS_TAGS,
        form: { action: path, csrfField: CSRF_FIELD, csrfToken },
        uploadAgain: `/councils/${draft.laCode}/import`,
      },
      status,
    );
  }
}

function problem(rule: string): FormErrors {
  return formErrorsOf([{ field: 'document', rule }], { document: DOCUMENT }, DOCUMENT);
}
