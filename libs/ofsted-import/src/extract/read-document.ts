import type { InspectionFramework } from '@plan-ledger/domain';
import { convention, ilacsPeriod, type FrameworkPeriod, type Grade } from '../conventions/frameworks';
import { ImportRefused } from '../import-refused';
import { recogniseDocument, type Recognition } from '../recognise/document-kind';
import { authoritiesNamedIn, authorityByCode, type RegisteredAuthority } from '../registry/authority-registry';
import type { DocumentText, SourceLine } from '../text/document-text';
import { DATE_PATTERN, parseDate, parseDateRange, spanDays } from './dates';
import { DocumentReader } from './document-reader';
import { ambiguous, found, notFound, type ExtractedField } from './extracted-field';
import { readJudgements, type AreaJudgementField } from './judgements';
import { publicationDate } from './publication-date';
import { readTheme } from './theme';

export interface Inspector {
  readonly name: string;
  readonly lead: boolean;
}

/** Everything read from one document, each fact with its confidence and source line. */
export interface DocumentReading {
  readonly recognition: Recognition;
  readonly authority: ExtractedField<RegisteredAuthority>;
  /**
   * The framework as the ledger records it (SIF, ILACS, SLAC 2009-2012, child protection 2012-2013); not found for
   * visits and the unannounced inspections of 2009-2013, which made no overall judgement.
   */
  readonly framework: ExtractedField<InspectionFramework>;
  /** Which framework and period, so which judgements it made and on which scale (conventions/frameworks.ts). */
  readonly period: ExtractedField<FrameworkPeriod>;
  readonly inspectionKind: ExtractedField<'standard' | 'short' | 're-inspection'>;
  readonly fieldwork: ExtractedField<{ start: string; end: string }>;
  /** As the document states it: a date. */
  readonly publishedOn: ExtractedField<string>;
  /** The best that is known: stated, or a span (ISO interval from/to) from the PDF's creation date, with the reason. */
  readonly publication: ExtractedField<string>;
  readonly letterDate: ExtractedField<string>;
  readonly inspectors: ExtractedField<Inspector[]>;
  readonly leadInspector: ExtractedField<string>;
  readonly judgements: readonly AreaJudgementField[];
  readonly overall: ExtractedField<Grade>;
  /** What a focused visit or JTAI looked at, short enough to be its title. */
  readonly theme: ExtractedField<string>;
  readonly visitNumber: ExtractedField<number>;
  readonly judgedInadequateIn: ExtractedField<string>;
  readonly areasCovered: ExtractedField<string[]>;
  readonly recommendations: ExtractedField<string[]>;
  readonly areasForPriorityAction: ExtractedField<string[]>;
  readonly whatNeedsToImprove: ExtractedField<string[]>;
  /** An unannounced inspection's (2009-2013) findings in place of judgements: its strengths and areas for development. */
  readonly strengths?: ExtractedField<string[]>;
  readonly areasForDevelopment?: ExtractedField<string[]>;
}

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth', 'eleventh', 'twelfth'];
const SECTION_STOP =
  /^(The local authority'?s strengths|Progress since|Summary|Introduction|Information about|Inspection judgements|Main findings|Findings|Evaluation of progress|Overview|Ofsted will take|Yours sincerely|What needs to improve|Areas for priority action|Recommendations|The experiences and progress|The impact of leaders|Children who need help|Leadership, management|Contents|Executive summary|Review of the effectiveness|I am copying|About this (?:inspection|visit)$|Areas? for development$|(?:Key |Main )?strengths$|Areas? of strength$)/i;

/** What every unannounced inspection (2009-2013) looked at, in the words of its title. */
const UNANNOUNCED_THEME = 'contact, referral and assessment arrangements';

const isVisit = (r: Recognition): boolean =>
  r.kind === 'focused visit' ||
  r.kind === 'assurance visit' ||
  r.kind === 'monitoring visit' ||
  r.kind === 'joint targeted area inspection';

/** The framework and period a report was inspected under: its kind, and for ILACS when fieldwork began. */
function periodOf(recognition: Recognition, fieldworkStart: string | undefined, reader: DocumentReader): FrameworkPeriod | undefined {
  switch (recognition.kind) {
    case 'unannounced inspection':
      return 'unannounced contact, referral and assessment 2009-2013';
    case 'SLAC inspection':
      return 'SLAC 2009-2012';
    case 'child protection inspection':
      return 'child protection 2012-2013';
    case 'SIF inspection':
    case 'SIF re-inspection':
      return 'SIF 2013-2018';
    case 'ILACS inspection':
      return ilacsPeriod(fieldworkStart, reader.joined(0, 60).text);
    default:
      return undefined;
  }
}

const REPORT_BODY_STARTS = /^(?:Inspection dates?|Dates? of inspection|Lead inspector|Report published|Judgement|Contents)\b/i;

function oneCouncil(text: string, line: SourceLine, confidence: number): ExtractedField<RegisteredAuthority> | undefined {
  const named = authoritiesNamedIn(text);
  if (named.length === 1) return found(named[0], confidence, line);
  if (named.length > 1) return ambiguous(`the title names ${named.map((a) => a.name).join(' and ')}`, line);
  return undefined;
}

/**
 * The council the document is about, from its own heading: the title (with the lines a PDF broke it onto), then, for
 * a report, the lines above the title, where Ofsted puts the council's name on its own ("Brent", "Warrington Borough
 * Council"). A letter's address block is never read: it names Ofsted's own city.
 */
function readAuthority(reader: DocumentReader, recognition: Recognition, override?: string): ExtractedField<RegisteredAuthority> {
  if (override) {
    const authority = authorityByCode(override);
    return authority
      ? found(authority, 1, null, 'given by the person importing')
      : ambiguous(`la_code ${override} is not in the national register`);
  }
  const titleAt = reader.lines.findIndex((line) => line.page === recognition.evidence.page && line.line === recognition.evidence.line);
  if (titleAt >= 0) {
    let end = titleAt + 1;
    while (end < Math.min(titleAt + 3, reader.lines.length) && !REPORT_BODY_STARTS.test(reader.lines[end].text)) end++;
    // The title line alone first: the lines after a letter's subject may name its other addressees (a JTAI's police
    // and health partners, "Kent and Medway"); then with the lines a PDF broke the title onto.
    const fromTitle =
      oneCouncil(reader.lines[titleAt].text, reader.lines[titleAt], 0.95) ??
      oneCouncil(reader.joined(titleAt, end).text, reader.lines[titleAt], 0.95);
    if (fromTitle) return fromTitle;
    if (!isVisit(recognition)) {
      for (let index = titleAt - 1; index >= Math.max(0, titleAt - 6); index--) {
        const above = oneCouncil(reader.lines[index].text, reader.lines[index], 0.9);
        if (above) return above;
      }
    }
  }
  // A title not where it was expected: the opening lines that read like a heading, nearest first.
  for (const line of reader.lines.slice(0, 25)) {
    if (!/children|council|inspection|visit|services|borough|county|city/i.test(line.text)) continue;
    const named = oneCouncil(line.text, line, 0.8);
    if (named) return named;
  }
  return notFound('no council in the national register is named in the title');
}

function readFieldwork(reader: DocumentReader, visit: boolean): ExtractedField<{ start: string; end: string }> {
  const label = reader.find(/^(?:Inspection dates?|Dates? of inspection|Inspection took place)\s*:?\s*(.+)$/i, 0, 40);
  if (label) {
    // The dates may run on to the next line, as a PDF breaks a long span.
    const next = reader.lines[label.index + 1]?.text ?? '';
    const range =
      parseDateRange(label.match[1]) ?? (/^\d|^(?:to|and|-)\b/i.test(next) ? parseDateRange(`${label.match[1]} ${next}`) : null);
    return range ? found(range, 0.97, label.line) : ambiguous(`cannot read "${label.match[1]}" as dates`, label.line);
  }
  if (visit) {
    const { text, lineAt } = reader.joined(0, 40);
    // "This letter summarises the findings of the <visit> to/of <council> ... on <dates>."
    const match =
      /(?:summarises the findings of|(?:visit|inspection)(?: \([A-Z]+\))? (?:to|of)) .{0,200}? on (\d{1,2}(?:st|nd|rd|th)?(?: [A-Za-z]+)?(?: \d{4})? (?:and|to|-) \d{1,2}(?:st|nd|rd|th)? [A-Za-z]+ \d{4}|\d{1,2} [A-Za-z]+ \d{4})/i.exec(
        text,
      );
    const range = match && parseDateRange(match[1]);
    if (match && range) return found(range, 0.9, lineAt(match.index));
  }
  return notFound('no inspection dates found');
}

function readLetterDate(reader: DocumentReader): ExtractedField<string> {
  const line = reader.find(new RegExp(`^${DATE_PATTERN.source}$`, 'i'), 0, 30);
  const date = line && parseDate(line.line.text);
  return date ? found(date, 0.9, line!.line) : notFound('no date line at the head of the letter');
}

function readInspectors(reader: DocumentReader): { inspectors: ExtractedField<Inspector[]>; lead: ExtractedField<string> } {
  const clean = (name: string): string =>
    name
      .replace(/,?\s*(HMI|Her Majesty'?s Inspectors?|His Majesty'?s Inspectors?|Ofsted Inspector|OI)\b.*$/i, '')
      .replace(/[.,;]+$/, '')
      .trim();
  // The 2009-2013 reports name their lead the "reporting inspector", often without a colon.
  const labelled =
    reader.find(/^Lead inspector:\s*(.+)$/i) ??
    reader.find(/^Reporting inspector:?\s+([A-Z][A-Za-z'.-]+(?: [A-Z][A-Za-z'.-]+){1,3}(?:,?\s*HMI)?)$/i);
  const deputy = reader.find(/^Deputy lead inspector:\s*(.+)$/i);
  if (labelled) {
    const lead = clean(labelled.match[1]);
    const team = [{ name: lead, lead: true }, ...(deputy ? [{ name: clean(deputy.match[1]), lead: false }] : [])];
    return {
      inspectors: found(team, 0.9, labelled.line, deputy ? undefined : 'only the lead inspector is named'),
      lead: found(lead, 0.97, labelled.line),
    };
  }
  const marked = reader.find(/^(.+?)\s*\(Lead Inspector\)/i);
  const { text, lineAt } = reader.joined(0, 40);
  const were = /The inspectors were (.+?)(?:\.|, Her Majesty|, His Majesty)(?:\s|$)/i.exec(text);
  const names = were
    ? were[1]
        .split(/,| and /)
        .map(clean)
        .filter((n) => n.length > 2)
    : [];
  const markedName = marked ? clean(marked.match[1]) : undefined;
  if (markedName) {
    const team = names.length ? names.map((name) => ({ name, lead: name === markedName })) : [{ name: markedName, lead: true }];
    if (!team.some((i) => i.lead)) team.push({ name: markedName, lead: true });
    return { inspectors: found(team, 0.9, were ? lineAt(were.index) : marked!.line), lead: found(markedName, 0.95, marked!.line) };
  }
  // A letter marks no lead: its signatory is the lead, which is likely but not certain. The name may share its line
  // with "HMI" or sit a line or two below "Yours sincerely" (a signature image between).
  const sincerely = reader.find(/^Yours (?:sincerely|faithfully)\b/i);
  let signatory: SourceLine | undefined;
  let signed: string | undefined;
  for (let i = sincerely ? sincerely.index + 1 : reader.lines.length; i < Math.min(reader.lines.length, (sincerely?.index ?? 0) + 4); i++) {
    const name = clean(reader.lines[i].text);
    if (/^[A-Z][A-Za-z'-]+(?: [A-Z][A-Za-z'-]+){1,3}$/.test(name) && !/inspector|ofsted|majesty/i.test(name)) {
      signatory = reader.lines[i];
      signed = name;
      break;
    }
  }
  const sameName = (a: string, b: string): boolean => a.toLowerCase().replace(/[^a-z]/g, '') === b.toLowerCase().replace(/[^a-z]/g, '');
  const team = names.map((name) => ({ name, lead: signed !== undefined && sameName(name, signed) }));
  if (signed && !team.some((i) => i.lead)) team.unshift({ name: signed, lead: true });
  const note = 'the signatory: the letter marks no lead inspector';
  return {
    inspectors: team.length
      ? found(team, signed ? 0.7 : 0.85, were ? lineAt(were.index) : signatory!, signed ? `lead is ${note}` : 'no lead marked')
      : notFound('no inspectors named'),
    lead: signed ? found(signed, 0.7, signatory!, note) : notFound('no lead inspector marked, and no signatory'),
  };
}

function readList(reader: DocumentReader, heading: RegExp, noneMeans?: RegExp): ExtractedField<string[]> {
  // The first heading that has a list under it: a contents page names the same heading with no list.
  const headings = reader.findAll(heading);
  if (headings.length === 0) return notFound('no such section');
  for (const at of headings) {
    const next = reader.lines[at.index + 1];
    if (noneMeans && next && noneMeans.test(next.text)) return found([], 0.95, next);
    const { items, first } = reader.listAfter(at.index, SECTION_STOP);
    if (items.length) return found(items, 0.85, first ?? at.line);
  }
  return ambiguous("the section has no list Ofsted's way (numbered or bulleted)", headings[0].line);
}

/**
 * Reads a document: what it is, about which council, when, by whom, with what judgements and findings.
 * @throws ImportRefused NOT_AN_OFSTED_DOCUMENT when it is none of the kinds Ofsted publishes about councils
 */
export function readDocument(text: DocumentText, options: { laCode?: string; fileName?: string } = {}): DocumentReading {
  const recognition = recogniseDocument(text);
  if (!recognition) {
    throw new ImportRefused(
      'NOT_AN_OFSTED_DOCUMENT',
      "this is not an Ofsted inspection report or letter about a council's children's services (no SIF, ILACS, 2009-2013 framework, focused-visit, monitoring-visit or JTAI title opens it)",
    );
  }
  const reader = new DocumentReader(text);
  const visit = isVisit(recognition);
  const fieldwork = readFieldwork(reader, visit);
  const period = periodOf(recognition, fieldwork.value?.start, reader);
  const framework = period ? convention(period).ledgerFramework : undefined;
  const { inspectors, lead } = readInspectors(reader);
  const judged = period ? readJudgements(reader, period) : { areas: [], overall: notFound<Grade>('visits are not judged') };

  let inspectionKind: ExtractedField<'standard' | 'short' | 're-inspection'> = notFound('not an inspection');
  if (recognition.kind === 'SIF re-inspection') inspectionKind = found('re-inspection', 0.9, recognition.evidence);
  else if (recognition.kind === 'SIF inspection') inspectionKind = found('standard', 0.9, recognition.evidence);
  else if (framework === 'ILACS' && fieldwork.value) {
    // ILACS standard inspections take two weeks on site, short ones one week; the reports do not say which.
    const days = spanDays(fieldwork.value);
    inspectionKind =
      days <= 7
        ? found('short', 0.75, fieldwork.source as never, `inferred: ${days} days of fieldwork`)
        : found('standard', 0.75, fieldwork.source as never, `inferred: ${days} days of fieldwork`);
  }

  const published = reader.find(/^(?:Report published|Publication date|Date of publication|Published)\s*:?\s*(.+)$/i, 0, 40);
  const publishedDate = published && parseDate(published.match[1]);
  const publishedOn: ExtractedField<string> = publishedDate
    ? found(publishedDate, 0.97, published!.line)
    : notFound(visit ? 'letters carry their date instead' : 'this report does not state its publication date');
  const number = visit ? reader.joined(0, 40) : undefined;
  const ordinal = number && new RegExp(`the (${ORDINALS.join('|')}|\\d{1,2}(?:st|nd|rd|th)) monitoring visit`, 'i').exec(number.text);
  const sinceInadequate = number && /judged (?:to be )?inadequate in ([A-Z][a-z]+ \d{4})/i.exec(number.text);

  return {
    recognition,
    authority: readAuthority(reader, recognition, options.laCode),
    framework: framework
      ? found(framework, recognition.confidence, recognition.evidence)
      : notFound(
          period
            ? `the ledger records inspections with an overall judgement; the ${period} framework made none`
            : 'visits are not framework inspections',
        ),
    period: period ? found(period, recognition.confidence, recognition.evidence) : notFound('visits are not framework inspections'),
    inspectionKind,
    fieldwork,
    publishedOn,
    publication: publicationDate({
      stated: publishedDate ? { date: publishedDate, line: published!.line } : undefined,
      createdOn: text.info?.createdOn,
      fileName: options.fileName,
    }),
    letterDate: visit ? readLetterDate(reader) : notFound('not a letter'),
    inspectors,
    leadInspector: lead,
    judgements: judged.areas,
    overall: judged.overall,
    theme:
      recognition.kind === 'focused visit' ||
      recognition.kind === 'assurance visit' ||
      recognition.kind === 'joint targeted area inspection'
        ? readTheme(reader)
        : recognition.kind === 'unannounced inspection'
          ? found(UNANNOUNCED_THEME, recognition.confidence, recognition.evidence, 'the inspection of its title')
          : notFound('not a focused visit or JTAI'),
    visitNumber: ordinal
      ? found(
          ORDINALS.includes(ordinal[1].toLowerCase()) ? ORDINALS.indexOf(ordinal[1].toLowerCase()) + 1 : parseInt(ordinal[1], 10),
          0.9,
          number!.lineAt(ordinal.index),
        )
      : notFound(recognition.kind === 'monitoring visit' ? 'the letter does not number the visit' : 'not a monitoring visit'),
    judgedInadequateIn: sinceInadequate ? found(sinceInadequate[1], 0.9, number!.lineAt(sinceInadequate.index)) : notFound(),
    areasCovered: visit
      ? readList(reader, /(?:looked specifically at|reviewed the progress made in the areas? of|the visit (?:focused|considered))\s*:?/i)
      : notFound('not a visit'),
    recommendations: readList(reader, /^(?:Recommendations|What does the local authority need to improve\??)$/i),
    areasForPriorityAction: readList(reader, /^Areas? for priority action$/i, /no (?:areas for )?priority actions?/i),
    // A heading, capitalised and without a full stop: "... what needs to improve." ends a sentence of the narrative.
    whatNeedsToImprove: readList(reader, /^What needs to improve\b[^.]*$/),
    // Only where the kind has them, so that a report's count of fields not found is not swollen by sections it never has.
    ...(recognition.kind === 'unannounced inspection'
      ? {
          strengths: readList(reader, /^(?:Key |Main )?strengths$|^Areas? of strength$/i),
          areasForDevelopment: readList(reader, /^Areas? for development$/i),
        }
      : {}),
  };
}
