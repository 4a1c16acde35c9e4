/**
 * The bounds every write path holds a command to, before any decider sees it. One place, so the API, the importer,
 * the seed, the command line and corrections cannot drift apart.
 *
 * Text
 * - Every text is a string, trimmed at both ends (the trimmed value is what is kept) and, where required or given,
 *   not empty once trimmed.
 * - Ids (inspectionId, planId, eventId, the ids things refer to...): at most {@link MAX_ID_LENGTH} characters.
 * - Short text (names, titles, regions, themes, owners, judgement areas, chairs): at most {@link MAX_SHORT_TEXT_LENGTH}.
 * - Long text (descriptions, evidence, summaries, reasons, notes, success measures, and every item of a list of
 *   findings, areas covered or decisions): at most {@link MAX_LONG_TEXT_LENGTH}.
 * - Lengths count Unicode code points, so an emoji is one character.
 * - No control characters: C0 (U+0000-U+001F), DEL (U+007F) and C1 (U+0080-U+009F); long text may hold tab and
 *   newline (U+0009, U+000A) and nothing else of them (not even carriage return: send "\n").
 * - No Unicode bidirectional controls ({@link BIDI_CONTROLS}), which can make a name display as something else, and no
 *   lone surrogates (text that is not well-formed Unicode).
 *
 * Lists: at most {@link MAX_LIST_ITEMS} items; inspectors at most {@link MAX_INSPECTORS}; at most one lead inspector.
 *
 * Enumerations are matched exactly, as the domain's constants spell them (JUDGEMENTS, PROGRESS_GRADES, GRADED_BY,
 * GRADE_TARGETS, INDICATOR_UNITS, INDICATOR_DIRECTIONS, INSPECTION_FRAMEWORKS, INSPECTION_KINDS, FOCUSED_VISIT_KINDS,
 * INTERVENTION_KINDS, APPOINTMENT_ROLES, PLAN_KINDS, ACTION_OUTCOMES): no trimming, no change of case.
 *
 * Numbers are finite JSON numbers (-0 is kept as 0). A monitoring visit's number is a whole number from
 * {@link MIN_MONITORING_VISIT_NUMBER} to {@link MAX_MONITORING_VISIT_NUMBER}. An indicator's value or target is at most
 * {@link MAX_INDICATOR_MAGNITUDE} either side of zero, and a percentage target is from 0 to 100.
 *
 * Dates are real calendar dates (2021-02-30 is refused) written YYYY-MM-DD, or YYYY / YYYY-MM where a partial date is
 * allowed; none starts before {@link EARLIEST_DATE}. Things that happened (fieldwork, letter, report and publication
 * dates, a measurement's date, a review's completion and publication, a correction's new business date, an event's
 * occurredAt) must have started by the day they are recorded (`ParseContext.recordedOn`); a partial date or a span
 * counts from its first possible day, so "2026-11" may be recorded on 2026-11-24. Dates that may lie ahead (an
 * action's due date) and the end of any span stop at {@link LATEST_DATE}. Fieldwork does not end before it starts.
 *
 * Objects are plain JSON objects and refuse fields they do not have; an optional field may be absent or null (null is
 * dropped). A correction's `changes` is a plain object of at most {@link MAX_LIST_ITEMS} fields named like data fields
 * (letters and digits, starting with a letter), each holding any JSON value nested at most {@link MAX_JSON_DEPTH} deep;
 * the values are checked later against the corrected event's own schema.
 *
 * A whole command, as JSON, is at most {@link MAX_COMMAND_BYTES} bytes of UTF-8 (the log takes at most 1 MiB of data
 * an event). At most {@link MAX_PROBLEMS} problems are listed in one refusal.
 */

export const MAX_ID_LENGTH = 100;
export const MAX_SHORT_TEXT_LENGTH = 200;
export const MAX_LONG_TEXT_LENGTH = 5_000;

export const MAX_LIST_ITEMS = 100;
export const MAX_INSPECTORS = 30;

export const MIN_MONITORING_VISIT_NUMBER = 1;
export const MAX_MONITORING_VISIT_NUMBER = 99;
export const MAX_INDICATOR_MAGNITUDE = 1_000_000_000;

export const EARLIEST_DATE = '2000-01-01';
export const LATEST_DATE = '2100-12-31';

/** A document attached as a source: its pages, and its address (an https URL, at most this many characters). */
export const MAX_SOURCE_PAGES = 10_000;
export const MAX_URL_LENGTH = 2_000;

export const MAX_JSON_DEPTH = 32;
export const MAX_COMMAND_BYTES = 1_000_000;
export const MAX_PROBLEMS = 100;

/** U+202A-U+202E (embeddings and overrides), U+2066-U+2069 (isolates), U+200E, U+200F and U+061C (marks). */
export const BIDI_CONTROLS: readonly string[] = [
  '\u202A',
  '\u202B',
  '\u202C',
  '\u202D',
  '\u202E',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u200E',
  '\u200F',
  '\u061C',
];

/** A DfE local-authority code: three digits (885 Worcestershire). */
export const LA_CODE_PATTERN = /^\d{3}$/;
/** An ONS code of an English area: E and eight digits (E10000034). */
export const ONS_CODE_PATTERN = /^E\d{8}$/;
/** Ids that become part of a stream id (planId): letters, digits, `.`, `_`, `-`, starting with a letter or digit. */
export const STREAM_KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
/** The SHA-256 of a document's bytes, as lowercase hex: what tells one document from another, whatever its title. */
export const SHA256_PATTERN = /^[0-9a-f]{64}$/;
/** A source's address: https (or http, for older publishers), no spaces. */
export const URL_PATTERN = /^https?:\/\/[^\s/$.?#][^\s]*$/i;
/** A data field's name, as a correction's `changes` names it. */
export const FIELD_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9]{0,99}$/;
