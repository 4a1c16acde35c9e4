/** The national register of English councils with children's services, and what it knows of reorganisations. */
export type { NationalRegisterEntry } from './register-entry';
export { LOCAL_AUTHORITIES } from './local-authorities';
export {
  allAuthorities,
  authorityByCode,
  authorityNamed,
  authoritiesNamedIn,
  isNameOf,
  normaliseAuthorityName,
} from './authority-register';
export { REGIONS, regionOf, type Region } from './regions';
export {
  REORGANISATIONS,
  allReorganisations,
  reorganisationForming,
  reorganisationEnding,
  successorsOf,
  predecessorsOf,
  type Reorganisation,
  type Predecessor,
} from './reorganisations';
export { checkRegistration, type RegistrationClaim } from './check-registration';
