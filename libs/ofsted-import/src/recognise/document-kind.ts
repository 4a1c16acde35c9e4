import type { DocumentText, SourceLine } from '../text/document-text';

/** The kinds of Ofsted document about council children's services, 2009 onwards. */
export type DocumentKind =
  | 'unannounced inspection'
  | 'SLAC inspection'
  | 'child protection inspection'
  | 'SIF inspection'
  | 'SIF re-inspection'
  | 'ILACS inspection'
  | 'focused visit'
  /** Autumn 2020 to spring 2021, in the pandemic: a letter like a focused visit's, recorded as one. */
  | 'assurance visit'
  | 'monitoring visit'
  | 'joint targeted area inspection';

export interface Recognition {
  readonly kind: DocumentKind;
  readonly confidence: number;
  readonly evidence: SourceLine;
}

/**
 * A report's title may follow the council's name on the same line ("Manchester City Council Re-inspection of ..."),
 * as text copied from a web page puts it; a letter's subject line starts with its title.
 */
const COUNCIL_BEFORE = "^(?:\\d{1,3} )?(?:[A-Z][A-Za-z,&'. -]{1,60}? )?";

const report = (title: string): RegExp => new RegExp(`${COUNCIL_BEFORE}${title}`, 'i');

/**
 * Each kind's own title, as it opens a line of the title block or a letter's subject line. Only a line that starts
 * with a title (or a council's name, then a report's title) counts as one: the body of a report names other
 * inspections ("a joint targeted area inspection took place in 2019") in the middle of its sentences, and those
 * mentions say nothing about what the document is. The earliest such line decides.
 */
const TITLES: { kind: DocumentKind; pattern: RegExp }[] = [
  { kind: 'joint targeted area inspection', pattern: /^(?:Ofsted )?joint targeted area inspection (?:\(JTAI\) )?of\b/i },
  { kind: 'monitoring visit', pattern: /^monitoring visit (?:of|to) .{0,120}?children'?s (?:social care )?services/i },
  { kind: 'focused visit', pattern: /^focused visit (?:of|to) .{0,120}?children'?s (?:social care )?services/i },
  { kind: 'assurance visit', pattern: /^assurance visit (?:of|to) .{0,120}?children'?s (?:social care )?services/i },
  { kind: 'SIF re-inspection', pattern: report('re-?inspection of services for children in need of help and protection') },
  { kind: 'SIF inspection', pattern: report('inspection of services for children in need of help and protection') },
  // The most specific titles first: an unannounced inspection's names "local authority children's services" too.
  // 2009-13: "Ofsted unannounced inspection of contact, referral and assessment arrangements within ...".
  { kind: 'unannounced inspection', pattern: report('unannounced inspection of contact,? referral and assessment') },
  // ILACS: "Inspection of X local authority children's services" (2019-), "Inspection of children's social care services" (2018-19).
  {
    kind: 'ILACS inspection',
    pattern: report("inspection of (?:.{0,80}?local authority children'?s services|children'?s social care services)"),
  },
  // 2012-13: "Inspection of local authority arrangements for the protection of children".
  { kind: 'child protection inspection', pattern: report('inspection of local authority arrangements for the protection of children') },
  // 2009-12: "Inspection of safeguarding and looked after children services".
  { kind: 'SLAC inspection', pattern: report("inspection of safeguarding and looked after children(?:'s)? services") },
];

/** A letter that lost its subject line still says what it is, of itself: "This letter summarises the findings of ...". */
const SELF_DESCRIPTIONS: { kind: DocumentKind; pattern: RegExp }[] = [
  { kind: 'monitoring visit', pattern: /this letter summarises the findings of (?:a|the) monitoring visit/i },
  { kind: 'focused visit', pattern: /this letter summarises the findings of (?:a|the) focused visit/i },
  { kind: 'assurance visit', pattern: /this letter summarises the findings of (?:an|the) assurance visit/i },
];

/** Letters put their subject after the address block and greeting; reports put the title on the first lines. */
const TITLE_BLOCK_LINES = 45;

/**
 * Which kind of document this is, from its own title: the earliest line of the opening that starts with one of
 * Ofsted's titles (joined with the next lines, as PDFs break titles). Undefined when no line does: mentions of
 * inspections in running text never decide it.
 */
export function recogniseDocument(text: DocumentText): Recognition | undefined {
  const lines = text.lines.slice(0, TITLE_BLOCK_LINES);
  for (let index = 0; index < lines.length; index++) {
    // A title broken over lines: this line and the two after it, so "Inspection of Bournemouth, / Christchurch and
    // Poole local authority / children's services" reads as one heading.
    const heading = headingAt(lines, index);
    for (const { kind, pattern } of TITLES) {
      if (!pattern.test(heading)) continue;
      // A page number or the council's name before the title matches with it: the evidence is the title's own line.
      let at = index;
      while (at + 1 < lines.length && pattern.test(headingAt(lines, at + 1))) at++;
      return { kind, confidence: index < 25 ? 0.95 : 0.85, evidence: lines[at] };
    }
  }
  const { joined, lineAt } = joinLines(lines);
  for (const { kind, pattern } of SELF_DESCRIPTIONS) {
    const match = pattern.exec(joined);
    if (match) return { kind, confidence: 0.8, evidence: lineAt(match.index) };
  }
  return undefined;
}

function headingAt(lines: readonly SourceLine[], index: number): string {
  return lines
    .slice(index, index + 3)
    .map((line) => line.text)
    .join(' ');
}

function joinLines(lines: readonly SourceLine[]): { joined: string; lineAt(offset: number): SourceLine } {
  const starts: number[] = [];
  let joined = '';
  for (const line of lines) {
    starts.push(joined.length);
    joined += `${line.text} `;
  }
  return {
    joined,
    lineAt(offset) {
      let index = 0;
      while (index + 1 < starts.length && starts[index + 1] <= offset) index++;
      return lines[index];
    },
  };
}
