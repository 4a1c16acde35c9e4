import { createHash } from 'node:crypto';
import type { BusinessTime, FOCUSED_VISIT_KINDS } from '@plan-ledger/domain';
import type { ExtractedField } from '../extract/extracted-field';
import { toJudgement } from '../extract/judgements';
import { shortTheme } from '../extract/theme';
import { readDocument, type DocumentReading } from '../extract/read-document';
import type { DocumentKind } from '../recognise/document-kind';
import { ImportRefused, MAX_IMPORT_BYTES } from '../import-refused';
import type { DocumentLimits } from '../text/document-limits';
import { plainText } from '../text/document-text';
import { pdfText, type PdfReaders } from '../text/pdf-readers';
import { summarise, type ImportSummary } from './import-summary';

/** A command the import would record, addressed as the service's RecordCommand is. */
export interface DraftCommand {
  readonly kind: 'authority';
  readonly key: string;
  readonly command: { readonly type: string } & Record<string, unknown>;
  readonly occurredAt: BusinessTime;
  /** Derived from the file's SHA-256: importing the same document again records nothing new. */
  readonly commandId: string;
  /** Recorded only when the authority is not registered yet. */
  readonly onlyIfStreamIsNew?: boolean;
}

export interface ImportDraft {
  readonly fileName: string;
  readonly sha256: string;
  readonly documentType: string;
  readonly reading: DocumentReading;
  readonly publicationDate: ExtractedField<string>;
  readonly summary: ImportSummary;
  readonly source: { title: string; date?: string; sha256: string };
  /** What must be settled before anything can be recorded; empty when the draft can be applied. */
  readonly blockers: readonly string[];
  readonly commands: readonly DraftCommand[];
}

function monthName(iso: string): string {
  return new Date(`${iso}T00:00:00Z`).toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' });
}

function describeRange(range: { start: string; end: string }): string {
  const [sy, , sd] = range.start.split('-');
  const [ey, , ed] = range.end.split('-');
  if (range.start === range.end) return `${Number(sd)} ${monthName(range.start)} ${sy}`;
  return sy === ey
    ? `${Number(sd)} ${monthName(range.start)} to ${Number(ed)} ${monthName(range.end)} ${ey}`
    : `${Number(sd)} ${monthName(range.start)} ${sy} to ${Number(ed)} ${monthName(range.end)} ${ey}`;
}

const dayTime = (date: string): BusinessTime => ({ from: date, precision: 'day' });

export interface DraftOptions {
  readonly fileName: string;
  readonly laCode?: string;
  /** Bounds on reading a PDF; by default those of the environment (see DOCUMENT_LIMIT_VARIABLES). */
  readonly limits?: DocumentLimits;
  /** The workers that read PDFs; by default the process's shared ones. */
  readonly readers?: PdfReaders;
}

/**
 * The ledger's kind for a visit or inspection that judged nothing overall. An assurance visit (2020-21) is logged as a
 * focused visit that says so in its theme; the unannounced inspections of contact, referral and assessment (2009-2013)
 * as what they were.
 */
function visitKind(kind: DocumentKind): (typeof FOCUSED_VISIT_KINDS)[number] {
  if (kind === 'joint targeted area inspection' || kind === 'unannounced inspection') return kind;
  return 'focused visit';
}

/**
 * Reads a file (PDF or plain text) into a draft: what it is, what it says, and the commands that would record it.
 * A PDF is read in a worker thread within the limits; plain text, cheap to read, on the caller's.
 */
export async function draftImport(bytes: Uint8Array, options: DraftOptions): Promise<ImportDraft> {
  if (bytes.length === 0) throw new ImportRefused('EMPTY_FILE', `${options.fileName} is empty`);
  if (bytes.length > MAX_IMPORT_BYTES) {
    throw new ImportRefused(
      'FILE_TOO_LARGE',
      `${options.fileName} is ${(bytes.length / 1048576).toFixed(0)} MB; Ofsted's reports are well under ${MAX_IMPORT_BYTES / 1048576} MB`,
    );
  }
  const buffer = Buffer.from(bytes);
  const isPdf = buffer.subarray(0, 1024).includes('%PDF-');
  const decoded = isPdf ? '' : buffer.toString('utf8');
  if (!isPdf && (buffer.includes(0) || decoded.includes('\ufffd'))) {
    throw new ImportRefused('NOT_A_PDF', `${options.fileName} is neither a PDF nor plain text`);
  }
  const text = isPdf ? await pdfText(buffer, { limits: options.limits, readers: options.readers }) : plainText(decoded);
  const reading = readDocument(text, { laCode: options.laCode, fileName: options.fileName });
  const sha256 = createHash('sha256').update(buffer).digest('hex');

  const visit = !reading.period.value;
  // A letter is dated; a report states its publication or is dated by its PDF (a span, see publication-date.ts).
  const publicationDate = visit && reading.letterDate.value ? reading.letterDate : reading.publication;
  const exactDate = publicationDate.value && !publicationDate.value.includes('/') ? publicationDate.value : undefined;
  const theme = reading.theme.value ?? (reading.areasCovered.value?.length ? shortTheme(reading.areasCovered.value.join('; ')) : undefined);

  const authority = reading.authority.value;
  const blockers: string[] = [];
  if (!authority) blockers.push(`council: ${reading.authority.note ?? 'not found'} (give --authority <la_code>)`);
  if (!reading.fieldwork.value && !exactDate) blockers.push('no date at all: neither fieldwork nor a stated publication or letter date');
  if (reading.framework.value && !toJudgement(reading.overall.value))
    blockers.push(`overall effectiveness: ${reading.overall.note ?? 'not found'}`);
  if (reading.recognition.kind !== 'monitoring visit' && !reading.framework.value && !theme)
    blockers.push(`theme: ${reading.theme.note ?? 'not found'} (it titles the visit on the timeline)`);
  if (reading.recognition.kind === 'monitoring visit' && !reading.visitNumber.value) blockers.push('monitoring visit number: not found');

  const title = `${reading.recognition.kind} of ${authority?.name ?? 'an unidentified council'}${reading.fieldwork.value ? `, ${describeRange(reading.fieldwork.value)}` : ''}`;
  const source = { title, ...(exactDate ? { date: exactDate } : {}), sha256 };
  const commands: DraftCommand[] = [];
  if (authority && blockers.length === 0) {
    const key = authority.laCode;
    const id = (suffix: string): string =>
      `${reading.recognition.kind.replace(/[^a-z]+/gi, '-').toLowerCase()}-${key}-${reading.fieldwork.value?.start ?? exactDate}${suffix}`;
    const commandId = (n: number): string => `import-${sha256.slice(0, 24)}-${n}`;
    const fieldworkTime: BusinessTime = reading.fieldwork.value
      ? {
          from: reading.fieldwork.value.start,
          ...(reading.fieldwork.value.end !== reading.fieldwork.value.start ? { to: reading.fieldwork.value.end } : {}),
          precision: 'day',
          label: describeRange(reading.fieldwork.value),
        }
      : dayTime(exactDate!);
    const findingsTime = exactDate ? dayTime(exactDate) : fieldworkTime;
    const inspectors = reading.inspectors.value ?? (reading.leadInspector.value ? [{ name: reading.leadInspector.value, lead: true }] : []);
    const recordId = id('');

    commands.push({
      kind: 'authority',
      key,
      command: { type: 'RegisterAuthority', laCode: key, name: authority.name, region: authority.region, onsCode: authority.onsCode },
      occurredAt: fieldworkTime,
      commandId: commandId(0),
      onlyIfStreamIsNew: true,
    });
    if (reading.framework.value) {
      commands.push({
        kind: 'authority',
        key,
        command: {
          type: 'RecordInspection',
          inspectionId: recordId,
          framework: reading.framework.value,
          kind: reading.inspectionKind.value ?? 'standard',
          ...(reading.fieldwork.value ? { fieldwork: reading.fieldwork.value } : {}),
          ...(reading.publishedOn.value ? { publishedOn: reading.publishedOn.value } : {}),
          inspectors,
          // Only the judgements the report made and gives: one its framework did not make is never recorded.
          judgements: reading.judgements.flatMap((j) => {
            const judgement = toJudgement(j.judgement.value);
            return judgement ? [{ area: j.area, judgement }] : [];
          }),
          overall: toJudgement(reading.overall.value),
        },
        occurredAt: fieldworkTime,
        commandId: commandId(1),
      });
    } else if (reading.recognition.kind === 'monitoring visit') {
      commands.push({
        kind: 'authority',
        key,
        command: {
          type: 'LogMonitoringVisit',
          visitId: recordId,
          number: reading.visitNumber.value,
          follows: reading.judgedInadequateIn.value ?? 'the last inadequate judgement',
          ...(reading.fieldwork.value ? { fieldwork: reading.fieldwork.value } : {}),
          ...(reading.letterDate.value ? { letterDate: reading.letterDate.value } : {}),
          inspectors,
          areasCovered: reading.areasCovered.value ?? [],
        },
        occurredAt: fieldworkTime,
        commandId: commandId(1),
      });
    } else {
      commands.push({
        kind: 'authority',
        key,
        command: {
          type: 'LogFocusedVisit',
          visitId: recordId,
          kind: visitKind(reading.recognition.kind),
          // The ledger knows focused visits and JTAIs; an assurance visit (2020-21) is logged as a focused visit that says so.
          theme: reading.recognition.kind === 'assurance visit' ? shortTheme(`assurance visit: ${theme}`) : theme,
          ...(reading.fieldwork.value ? { fieldwork: reading.fieldwork.value } : {}),
          ...(reading.letterDate.value ? { letterDate: reading.letterDate.value } : {}),
          inspectors,
          priorityActionsSet: (reading.areasForPriorityAction.value ?? []).length > 0,
        },
        occurredAt: fieldworkTime,
        commandId: commandId(1),
      });
    }
    commands.push({
      kind: 'authority',
      key,
      command: {
        type: 'RecordFindings',
        findingsId: `${recordId}-findings`,
        regarding: recordId,
        recommendations: reading.recommendations.value ?? [],
        areasForPriorityAction: reading.areasForPriorityAction.value ?? [],
        whatNeedsToImprove: reading.whatNeedsToImprove.value ?? [],
        strengths: reading.strengths?.value ?? [],
        // An unannounced inspection's areas for development are what it found wanting.
        weaknesses: reading.areasForDevelopment?.value ?? [],
        progressNotes: [],
      },
      occurredAt: findingsTime,
      commandId: commandId(2),
    });
  }
  return {
    fileName: options.fileName,
    sha256,
    documentType: reading.recognition.kind,
    reading,
    publicationDate,
    summary: summarise(reading, publicationDate.value),
    source,
    blockers,
    commands,
  };
}
