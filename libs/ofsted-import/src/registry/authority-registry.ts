import { LOCAL_AUTHORITIES } from './local-authorities';
import type { RegisteredAuthority } from './registered-authority';

export type { RegisteredAuthority };

const REGISTRY = LOCAL_AUTHORITIES;

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

/** Other names in common use. */
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

export function allAuthorities(): readonly RegisteredAuthority[] {
  return REGISTRY;
}

export function authorityByCode(laCode: string): RegisteredAuthority | undefined {
  return REGISTRY.find((a) => a.laCode === laCode);
}

/**
 * The authorities whose name appears in a line, longest name first, so "North East Lincolnshire" is not read as
 * "Lincolnshire" and "West Sussex" not as "Sussex".
 */
export function authoritiesNamedIn(text: string): RegisteredAuthority[] {
  let haystack = `${key(text)}${text.toLowerCase().includes('city of london') ? ' city of london ' : ''}`;
  const named: RegisteredAuthority[] = [];
  for (const { authority, key: name } of KEYED) {
    if (name.trim() && haystack.includes(name)) {
      if (!named.includes(authority)) named.push(authority);
      haystack = haystack.split(name).join(' ');
    }
  }
  return named;
}
