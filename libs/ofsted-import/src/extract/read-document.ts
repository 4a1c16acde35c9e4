import type { Judgement } from '@plan-ledger/domain';
import { ImportRefused } from '../import-refused';
import { recogniseDocument, type Recognition } from '../recognise/document-kind';
import { authoritiesNamedIn, authorityByCode, type RegisteredAuthority } from '../registry/authority-registry';
import type { DocumentText } from '../text/document-text';
import { DATE_PATTERN, parseDate, parseDateRange, spanDays } from './dates';
import { DocumentReader } from './document-reader';
import { ambiguous, found, notFound, type ExtractedField } from './extracted-field';
import { readJudgements, type AreaJudgementField } from './judgements';

export interface Inspector {
  readonly name: string;
  readonly lead: boolean;
}

/** Everything read from one document, each fact with its confidence and source line. */
export interface DocumentReading {
  readonly recognition: Recognition;
  readonly authority: ExtractedField<RegisteredAuthority>;
  readonly framework: ExtractedField<'SIF' | 'ILACS'>;
  readonly inspectionKind: ExtractedField<'standard' | 'short' | 're-inspection'>;
  readonly fieldwork: ExtractedField<{ start: string; end: string }>;
  readonly publishedOn: ExtractedField<string>;
  readonly letterDate: ExtractedField<string>;
  readonly inspectors: ExtractedField<Inspector[]>;
  readonly leadInspector: ExtractedField<string>;
  readonly judgements: readonly AreaJudgementField[];
  readonly overall: ExtractedField<Judgement>;
  readonly visitNumber: ExtractedField<number>;
  readonly judgedInadequateIn: ExtractedField<string>;
  readonly areasCovered: ExtractedField<string[]>;
  readonly recommendations: ExtractedField<string[]>;
  readonly areasForPriorityAction: ExtractedField<string[]>;
  readonly whatNeedsToImprove: ExtractedField<string[]>;
}

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth', 'eleventh', 'twelfth'];
const SECTION_STOP =
  /^(The local authority'?s strengths|Progress since|Summary|Introduction|Information about|Inspection judgements|Main findings|Findings|Evaluation of progress|Overview|Ofsted will take|Yours sincerely|What needs to improve|Areas for priority action|Recommendations|The experiences and progress|The impact of leaders|Children who need help|Leadership, management|Contents|Executive summary|Review of the effectiveness|I am copying)/i;

const isVisit = (r: Recognition): boolean => r.kind !== 'SIF inspection' && r.kind !== 'SIF re-inspection' && r.kind !== 'ILACS inspection';

function readAuthority(reader: DocumentReader, override?: string): ExtractedField<RegisteredAuthority> {
  if (override) {
    const authority = authorityByCode(override);
    return authority
      ? found(authority, 1, null, 'given by the person importing')
      : ambiguous(`la_code ${override} is not in the national register`);
  }
  // The title names the council: search the opening lines, nearest first.
  for (const { line } of reader.lines.slice(0, 25).map((line, index) => ({ line, index }))) {
    if (!/children|council|inspection|visit|services|borough|county|city/i.test(line.text)) continue;
    const named = authoritiesNamedIn(line.text);
    if (named.length === 1) return found(named[0], 0.9, line);
    if (named.length > 1) return ambiguous(`the title names ${named.map((a) => a.name).join(' and ')}`, line);
  }
  return notFound('no council in the national register is named in the title');
}

function readFieldwork(reader: DocumentReader, visit: boolean): ExtractedField<{ start: string; end: string }> {
  const label = reader.find(/^(?:Inspection dates?|Dates? of inspection|Inspection took place)\s*:?\s*(.+)$/i, 0, 40);
  if (label) {
    const range = parseDateRange(label.match[1]);
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
  const labelled = reader.find(/^Lead inspector:\s*(.+)$/i);
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
  // A letter marks no lead: its signatory is the lead, which is likely but not certain.
  const sincerely = reader.find(/^Yours sincerely$/i);
  const signatory = sincerely && reader.lines[sincerely.index + 1];
  const signed = signatory && /^[A-Z][a-z'-]+(?: [A-Z][a-z'-]+)+$/.test(signatory.text) ? signatory.text : undefined;
  const team = names.map((name) => ({ name, lead: name === signed }));
  return {
    inspectors: names.length ? found(team, 0.85, lineAt(were!.index)) : notFound('no inspectors named'),
    lead: signed ? found(signed, 0.7, signatory!, 'the signatory: the letter marks no lead') : notFound('no lead inspector marked'),
  };
}

function readList(reader: DocumentReader, heading: RegExp, noneMeans?: RegExp): ExtractedField<string[]> {
  const at = reader.find(heading);
  if (!at) return notFound('no such section');
  const next = reader.lines[at.index + 1];
  if (noneMeans && next && noneMeans.test(next.text)) return found([], 0.95, next);
  const { items, first } = reader.listAfter(at.index, SECTION_STOP);
  return items.length
    ? found(items, 0.85, first ?? at.line)
    : ambiguous("the section has no list Ofsted's way (numbered or bulleted)", at.line);
}

/**
 * Reads a document: what it is, about which council, when, by whom, with what judgements and findings.
 * @throws ImportRefused NOT_AN_OFSTED_DOCUMENT when it is none of the kinds Ofsted publishes about councils
 */
export function readDocument(text: DocumentText, options: { laCode?: string } = {}): DocumentReading {
  const recognition = recogniseDocument(text);
  if (!recognition) {
    throw new ImportRefused(
      'NOT_AN_OFSTED_DOCUMENT',
      "this is not an Ofsted inspection report or letter about a council's children's services (no SIF, ILACS, focused-visit, monitoring-visit or JTAI title found)",
    );
  }
  const reader = new DocumentReader(text);
  const visit = isVisit(recognition);
  const framework: 'SIF' | 'ILACS' | undefined = recognition.kind.startsWith('SIF')
    ? 'SIF'
    : recognition.kind === 'ILACS inspection'
      ? 'ILACS'
      : undefined;
  const fieldwork = readFieldwork(reader, visit);
  const { inspectors, lead } = readInspectors(reader);
  const judged = framework ? readJudgements(reader, framework) : { areas: [], overall: notFound<Judgement>('visits are not judged') };

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
  const number = visit ? reader.joined(0, 40) : undefined;
  const ordinal = number && new RegExp(`the (${ORDINALS.join('|')}|\\d{1,2}(?:st|nd|rd|th)) monitoring visit`, 'i').exec(number.text);
  const sinceInadequate = number && /judged (?:to be )?inadequate in ([A-Z][a-z]+ \d{4})/i.exec(number.text);

  return {
    recognition,
    authority: readAuthority(reader, options.laCode),
    framework: framework
      ? found(framework, recognition.confidence, recognition.evidence)
      : notFound('visits are not framework inspections'),
    inspectionKind,
    fieldwork,
    publishedOn: publishedDate
      ? found(publishedDate, 0.97, published!.line)
      : notFound(visit ? 'letters carry their date instead' : 'this report does not state its publication date'),
    letterDate: visit ? readLetterDate(reader) : notFound('not a letter'),
    inspectors,
    leadInspector: lead,
    judgements: judged.areas,
    overall: judged.overall,
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
    whatNeedsToImprove: readList(reader, /^What needs to improve/i),
  };
}
