import canonicalize from 'canonicalize';
import type { JsonValue } from '../json/json-value';

/**
 * RFC 8785 (JCS) bytes of a JSON value. The log keeps these exact bytes so that a notary can hash
 * them and an auditor can recompute the same hash from an export, whatever JSON library they use.
 */
export function canonicalBytes(value: JsonValue): Buffer {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('value has no JSON form');
  return Buffer.from(text, 'utf8');
}

export function canonicalText(value: JsonValue): string {
  return canonicalBytes(value).toString('utf8');
}
