import { LOCAL_AUTHORITIES } from './local-authorities';
import type { NationalRegisterEntry } from './register-entry';

export type { NationalRegisterEntry };

const REGISTRY = LOCAL_AUTHORITIES;

/** Names the shared national register file uses where they differ from the name kept here. */
const OTHER_REGISTER_NAMES: readonly (readonly [laCode: string, name: string])[] = [['201', 'London Corporation']];

/** Names as councils and Ofsted write them vary ("Warrington Borough Council", "City of Bristol", "Telford and Wrekin"). */
function key(name: string): string {
  return ` ${name
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z ]/g, ' ')
    .replace(
      /\b(the|council|county|city|borough|metropolitan|district|royal|london|of|local|authority|children s services|children)\b/g,
      ' ',
    )
    .replace(/\s+/g, ' ')
    .trim()} `;
}

/** Other names in common use, for reading documents (not for registering). */
const ALIASES: [string, string][] = [
  ['Hull', '810'],
  ['Kingston-upon-Hull', '810'],
  ['Medway Towns', '887'],
];

const KEYED = [
  ...REGISTRY.map((authority) => ({
    authority,
    key: key(authority.name).trim() ? key(authority.name) : ` ${authority.name.toLowerCase()} `,
  })),
  ...ALIASES.map(([alias, laCode]) => ({ authority: REGISTRY.find((a) => a.laCode === laCode)!, key: key(alias) })),
].sort((a, b) => b.key.length - a.key.length);

const BY_CODE = new Map(REGISTRY.map((authority) => [authority.laCode, authority]));

/**
 * A name as the register compares it: case, spacing and punctuation aside, "&" read as "and", hyphens as spaces
 * ("Telford & Wrekin" = "telford and wrekin", "Stockton-on-Tees" = "Stockton on Tees").
 */
export function normaliseAuthorityName(name: string): string {
  // NFKC folds full-width and other compatibility forms; format characters (zero-width space, joiners) are invisible.
  return name
    .normalize('NFKC')
    .replace(/\p{Cf}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[-‐–—]/g, ' ')
    .replace(/[.,'’()]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const BY_NAME = new Map<string, NationalRegisterEntry>([
  ...REGISTRY.map((authority) => [normaliseAuthorityName(authority.name), authority] as const),
  ...OTHER_REGISTER_NAMES.map(([laCode, name]) => [normaliseAuthorityName(name), BY_CODE.get(laCode)!] as const),
]);

export function allAuthorities(): readonly NationalRegisterEntry[] {
  return REGISTRY;
}

export function authorityByCode(laCode: string): NationalRegisterEntry | undefined {
  return BY_CODE.get(laCode);
}

/** The registered council of that name (as normaliseAuthorityName compares names), if any. */
export function authorityNamed(name: string): NationalRegisterEntry | undefined {
  return BY_NAME.get(normaliseAuthorityName(name));
}

/** Whether `name` is the register's name for `authority` (or the shared register file's name for it). */
export function isNameOf(authority: NationalRegisterEntry, name: string): boolean {
  return authorityNamed(name)?.laCode === authority.laCode;
}

/**
 * The authorities whose name appears in a line, longest name first, so "North East Lincolnshire" is not read as
 * "Lincolnshire" and "West Sussex" not as "Sussex".
 */
export function authoritiesNamedIn(text: string): NationalRegisterEntry[] {
  let haystack = `${key(text)}${text.toLowerCase().includes('city of london') ? ' city of london ' : ''}`;
  const named: NationalRegisterEntry[] = [];
  for (const { authority, key: name } of KEYED) {
    if (name.trim() && haystack.includes(name)) {
      if (!named.includes(authority)) named.push(authority);
      haystack = haystack.split(name).join(' ');
    }
  }
  return named;
}

/** The words councils put around their names ("London Borough of Lambeth", "Lambeth Council"), for comparing names. */
const STYLE_WORDS =
  /\b(the|london borough of|royal borough of|metropolitan borough of|borough of|city of|county of|county borough of|council|county council|city council|borough council|district council)\b/g;

/** A name reduced to what tells councils apart: normalised, and without the style words around it. */
export function coreAuthorityName(name: string): string {
  return normaliseAuthorityName(name).replace(STYLE_WORDS, ' ').replace(/\s+/g, ' ').trim();
}
