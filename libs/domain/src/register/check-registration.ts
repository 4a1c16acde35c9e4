import type { ValidationProblem } from '../validation/validation-problem';
import { allAuthorities, authorityByCode, authorityNamed, coreAuthorityName, isNameOf } from './authority-register';
import type { NationalRegisterEntry } from './register-entry';
import { describeRegions, regionOf } from './regions';
import { successorsOf } from './reorganisations';

/** What a registration claims: the council's la_code, name, region (name or code), ONS code, and why if it is new. */
export interface RegistrationClaim {
  readonly laCode: string;
  readonly name: string;
  readonly region: string;
  readonly onsCode?: string;
  /** Only for a council the register does not hold (one formed by a reorganisation): why it is registered anyway. */
  readonly newAuthorityReason?: string;
}

const LA_CODE = /^[1-9]\d{2}$/;

const described = (authority: NationalRegisterEntry): string => `${authority.laCode} ${authority.name}`;

function successorsNote(name: string): string {
  const successors = successorsOf(name);
  return successors.length > 0 ? `; ${name.trim()} was replaced by ${successors.map(described).join(' and ')}` : '';
}

function checkRegion(claim: RegistrationClaim, registered: NationalRegisterEntry | undefined, problems: ValidationProblem[]): void {
  const region = regionOf(claim.region);
  if (registered) {
    if (region?.code !== registered.regionCode) {
      problems.push({
        field: 'region',
        rule: `must be the region the register gives ${described(registered)}: ${registered.region} (or ${registered.regionCode})`,
      });
    }
  } else if (!region) {
    problems.push({ field: 'region', rule: `must be one of the register's regions: ${describeRegions()}` });
  }
}

/**
 * Whether a council may be registered: its la_code, name (case, spacing and punctuation aside, "&" for "and"), region
 * (name or code, "North West" or "NW") and ONS code (when given) must be what the national register holds; or, with
 * `newAuthorityReason` (a council formed by a reorganisation, which the register may not hold yet), its code and name
 * must not be those of another registered council. Returns every problem, each with its field; empty when it may.
 */
export function checkRegistration(claim: RegistrationClaim): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const laCode = typeof claim.laCode === 'string' ? claim.laCode.trim() : '';
  const name = typeof claim.name === 'string' ? claim.name : '';
  const isNew = typeof claim.newAuthorityReason === 'string' && claim.newAuthorityReason.trim() !== '';
  if (!LA_CODE.test(laCode)) {
    problems.push({ field: 'laCode', rule: 'must be a three-digit la_code not starting with 0 (885 for Worcestershire)' });
    return problems;
  }
  const registered = authorityByCode(laCode);
  const namesake = authorityNamed(name);

  if (registered) {
    if (!isNameOf(registered, name)) {
      if (isNew) {
        problems.push({
          field: 'laCode',
          rule: `is the code of ${described(registered)} in the national register: a new authority needs a code of its own`,
        });
      } else {
        const hint = namesake ? ` (${namesake.name} is ${namesake.laCode})` : '';
        problems.push({ field: 'name', rule: `must be the name the register gives la_code ${laCode}: ${registered.name}${hint}` });
      }
    }
    checkRegion(claim, registered, problems);
    if (claim.onsCode !== undefined && claim.onsCode.trim().toUpperCase() !== registered.onsCode) {
      problems.push({ field: 'onsCode', rule: `must be the ONS code the register gives ${described(registered)}: ${registered.onsCode}` });
    }
    return problems;
  }

  if (!isNew) {
    const hint = namesake ? `; ${namesake.name} is ${namesake.laCode}` : successorsNote(name);
    problems.push({
      field: 'laCode',
      rule: `is not in the national register of councils with children's services (${allAuthorities().length} councils)${hint}; for a council formed by a reorganisation, give newAuthorityReason`,
    });
    return problems;
  }
  if (namesake) {
    problems.push({
      field: 'name',
      rule: `is the name of ${described(namesake)} in the national register: register it under ${namesake.laCode}`,
    });
  } else {
    const core = coreAuthorityName(name);
    const lookalike = allAuthorities().find((authority) => coreAuthorityName(authority.name) === core);
    if (!/^[A-Za-z][A-Za-z '&,.()-]*$/.test(name.trim())) {
      // Letters of other scripts can pass for Latin ones ("Lаmbeth" with a Cyrillic а): a new council's name is
      // written in plain Latin letters, as every name in the register is.
      problems.push({ field: 'name', rule: "must be written in Latin letters, spaces and . , ' & ( ) - only" });
    } else if (lookalike) {
      problems.push({
        field: 'name',
        rule: `names ${described(lookalike)} of the national register: register it under ${lookalike.laCode}`,
      });
    }
  }
  checkRegion(claim, undefined, problems);
  return problems;
}
