import { normaliseAuthorityName } from './authority-register';
import { LOCAL_AUTHORITIES } from './local-authorities';

/** A region as the register holds it: its code (NW) and its name (North West). London's code is GL. */
export interface Region {
  readonly code: string;
  readonly name: string;
}

/** The nine regions, as the register's councils give them, in the order first met. */
export const REGIONS: readonly Region[] = [
  ...new Map(LOCAL_AUTHORITIES.map((authority) => [authority.regionCode, { code: authority.regionCode, name: authority.region }])).values(),
];

/** The region a name or code stands for ("North West", "north west", "NW"), if any. */
export function regionOf(nameOrCode: string): Region | undefined {
  const wanted = normaliseAuthorityName(nameOrCode);
  return REGIONS.find((region) => region.code.toLowerCase() === wanted || normaliseAuthorityName(region.name) === wanted);
}

export function describeRegions(): string {
  return REGIONS.map((region) => `${region.name} (${region.code})`).join(', ');
}
