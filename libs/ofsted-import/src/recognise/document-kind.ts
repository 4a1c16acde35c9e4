import type { DocumentText, SourceLine } from '../text/document-text';

/** The kinds of Ofsted document about council children's services, 2013 onwards. */
export type DocumentKind =
  'SIF inspection' | 'SIF re-inspection' | 'ILACS inspection' | 'focused visit' | 'monitoring visit' | 'joint targeted area inspection';

export interface Recognition {
  readonly kind: DocumentKind;
  readonly confidence: number;
  readonly evidence: SourceLine;
}

/** Opening lines joined, so titles broken across lines (as PDFs break them) still match. */
function opening(text: DocumentText, count = 40): { joined: string; lineAt(offset: number): SourceLine } {
  const lines = text.lines.slice(0, count);
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

const RULES: { kind: DocumentKind; pattern: RegExp; confidence: number }[] = [
  { kind: 'joint targeted area inspection', pattern: /joint targeted area inspection/i, confidence: 0.95 },
  {
    kind: 'monitoring visit',
    pattern: /monitoring visit (?:of|to) .{0,80}children'?s services|findings of the monitoring visit/i,
    confidence: 0.95,
  },
  { kind: 'focused visit', pattern: /focused visit to .{0,80}children'?s services|findings of (?:a|the) focused visit/i, confidence: 0.95 },
  {
    kind: 'SIF re-inspection',
    pattern:
      /re-?inspection of services for children in need of help and protection|inspection of services for children in need of help and protection.{0,200}re-?inspection/i,
    confidence: 0.9,
  },
  {
    kind: 'SIF inspection',
    pattern: /inspection of services for children in need of help and protection,? children looked after and care leavers/i,
    confidence: 0.95,
  },
  // ILACS titles: "Inspection of X local authority children's services" (2019-), "Inspection of children's social care services" (2018-19).
  {
    kind: 'ILACS inspection',
    pattern:
      /inspection of .{0,60}local authority children'?s services|local authority children'?s services inspection|inspection of children'?s social care services/i,
    confidence: 0.9,
  },
];

/** Which kind of document this is, from its title area; undefined when it is not one Ofsted publishes about councils. */
export function recogniseDocument(text: DocumentText): Recognition | undefined {
  const { joined, lineAt } = opening(text);
  for (const rule of RULES) {
    const match = rule.pattern.exec(joined);
    if (match) return { kind: rule.kind, confidence: rule.confidence, evidence: lineAt(match.index) };
  }
  return undefined;
}
