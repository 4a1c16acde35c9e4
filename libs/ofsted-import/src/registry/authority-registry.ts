/**
 * The national register of councils lives in the domain, as pure data and lookups that every write path shares;
 * the importer reads it from there and keeps its public exports.
 */
export {
  allAuthorities,
  authorityByCode,
  authoritiesNamedIn,
  type NationalRegisterEntry as RegisteredAuthority,
} from '@plan-ledger/domain';
