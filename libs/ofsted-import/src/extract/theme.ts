import { bounds } from '@plan-ledger/domain';
import type { DocumentReader } from './document-reader';
import { found, notFound, type ExtractedField } from './extracted-field';

/** A theme is a title: at most what the ledger keeps as short text, cut at a word with an ellipsis. */
export function shortTheme(text: string, max = bounds.MAX_SHORT_TEXT_LENGTH): string {
  const clean = text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.;:,]+$/, '');
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max / 2)).replace(/[\s,;:]+$/, '')}…`;
}

/**
 * What a focused visit or JTAI looked at: Ofsted states it in one sentence near the top ("Inspectors looked at the
 * local authority's arrangements for care leavers", "This visit focused on ...") or, for a JTAI, in its title ("Joint
 * targeted area inspection of the multi-agency response to ..."). The list of specifics that follows is the visit's
 * areas covered, not its theme: joined, it runs past any title (Warrington's ran past 200 characters).
 */
export function readTheme(reader: DocumentReader): ExtractedField<string> {
  const { text, lineAt } = reader.joined(0, 60);
  const jtai =
    /joint targeted area inspection (?:\(JTAI\) )?of (the multi-agency response to .+?)(?= in [A-Z][A-Za-z ,&'-]+?(?:\.| This | Dear |$))/i.exec(
      text,
    );
  if (jtai) return found(shortTheme(jtai[1]), 0.85, lineAt(jtai.index));
  const sentence =
    /(?:Inspectors|The inspectors|This visit|The visit|This focused visit)(?: [a-z]+)? (?:looked at|evaluated|reviewed|considered|focused on|looked specifically at)(?: the local authority'?s| the council'?s)? (?:arrangements|services|progress|practice)? ?(?:for|in|with)? ?([^.:]{8,400}?)(?:\.|:|$)/.exec(
      text,
    );
  if (sentence && !/^(?:a range of|the following|case|evidence)/i.test(sentence[1]))
    return found(shortTheme(sentence[1]), 0.8, lineAt(sentence.index));
  return notFound('no sentence says what the visit looked at');
}
