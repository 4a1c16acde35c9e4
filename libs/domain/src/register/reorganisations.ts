import { authorityByCode, normaliseAuthorityName } from './authority-register';
import type { NationalRegisterEntry } from './register-entry';

/** A council with children's services that ceased, as far as a source in hand says. */
export interface Predecessor {
  readonly name: string;
  /** Its la_code, only where a source in hand gives it. */
  readonly laCode?: string;
}

/** What the register knows of one reorganisation: who ceased, who took over, and when if a source says. */
export interface Reorganisation {
  readonly predecessors: readonly Predecessor[];
  /** The councils that took over, by their la_code in the register. */
  readonly successors: readonly string[];
  /** When it took effect (YYYY, YYYY-MM or YYYY-MM-DD), only where a source in hand gives it. */
  readonly effective?: string;
  readonly note: string;
}

/*
 * Sources: the shared national register (shared/fixtures/national-la-registry.csv) lists only the councils of today,
 * and the module moved here from the importer held no more; neither gives a predecessor's la_code or the date of any
 * reorganisation. The brief asking for this named Northamptonshire as 928 (April 2021), Cumbria as 909 (April 2023)
 * and Bournemouth, Christchurch and Poole as formed in 2019: those codes and dates are left out below until a source
 * in hand gives them (the one shared document about BCP, its 2022 inspection report, mentions "local government
 * reorganisation" but no date). Successor codes are the register's own.
 */
export const REORGANISATIONS: readonly Reorganisation[] = [
  {
    predecessors: [{ name: 'Northamptonshire' }],
    successors: ['940', '941'],
    note: 'Northamptonshire was replaced by North Northamptonshire and West Northamptonshire',
  },
  {
    predecessors: [{ name: 'Cumbria' }],
    successors: ['942', '943'],
    note: 'Cumbria was replaced by Cumberland and Westmorland and Furness',
  },
  {
    predecessors: [{ name: 'Bournemouth' }, { name: 'Poole' }],
    successors: ['839'],
    note: 'Bournemouth and Poole were replaced by Bournemouth, Christchurch and Poole',
  },
];

export function allReorganisations(): readonly Reorganisation[] {
  return REORGANISATIONS;
}

/** The reorganisation that formed a registered council (its predecessors), if the register knows of one. */
export function reorganisationForming(laCode: string): Reorganisation | undefined {
  return REORGANISATIONS.find((reorganisation) => reorganisation.successors.includes(laCode));
}

/** The reorganisation that ended a former council, named (or coded, where a source gives the code), if known. */
export function reorganisationEnding(nameOrCode: string): Reorganisation | undefined {
  const wanted = normaliseAuthorityName(nameOrCode);
  return REORGANISATIONS.find((reorganisation) =>
    reorganisation.predecessors.some(
      (predecessor) => normaliseAuthorityName(predecessor.name) === wanted || predecessor.laCode === nameOrCode,
    ),
  );
}

/** The registered councils that took over from a former council, oldest code first; empty if none is known. */
export function successorsOf(nameOrCode: string): NationalRegisterEntry[] {
  return (reorganisationEnding(nameOrCode)?.successors ?? []).map((laCode) => authorityByCode(laCode)!);
}

/** The former councils a registered council took over from; empty if none is known. */
export function predecessorsOf(laCode: string): readonly Predecessor[] {
  return reorganisationForming(laCode)?.predecessors ?? [];
}
