import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { canonicalBytes, canonicalText, type JsonValue } from '../src';

/** Keys that could trip a native writer: array indexes, `__proto__`, escapes, surrogates, astral and composed characters. */
const key = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom(
    '0',
    '1',
    '10',
    '9',
    '01',
    '-1',
    '4294967295',
    '4294967296',
    '__proto__',
    'constructor',
    'toJSON',
    '',
    'é',
    'é',
    '😀',
    '\ud800',
  ),
);
const leaf = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.constantFrom(0, -0, 1e21, 1e-7, 5e-324, Number.MAX_VALUE, true, false, null),
);
const json: fc.Arbitrary<JsonValue> = fc.letrec<{ value: JsonValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(key, tie('value'), { maxKeys: 6 }),
  ),
})).value;

describe('canonical JSON (the bytes the log keeps and the notary hashes)', () => {
  it('is byte for byte what canonicalize (RFC 8785) writes, for any JSON value', () => {
    fc.assert(
      fc.property(json, (value) => {
        expect(canonicalText(value)).toBe(canonicalize(value));
        expect(canonicalBytes(value).equals(Buffer.from(canonicalize(value)!, 'utf8'))).toBe(true);
      }),
      { numRuns: 3_000 },
    );
  });

  it('keeps a __proto__ key as a key, orders index-like keys as text, and refuses NaN and Infinity', () => {
    const value = JSON.parse('{"b":1,"10":2,"9":3,"__proto__":{"x":[1,{"2":null,"1":true}]}}') as JsonValue;
    expect(canonicalText(value)).toBe('{"10":2,"9":3,"__proto__":{"x":[1,{"1":true,"2":null}]},"b":1}');
    const withoutIndexKeys = JSON.parse('{"b":1,"__proto__":{"x":2},"a":[0]}') as JsonValue;
    expect(canonicalText(withoutIndexKeys)).toBe('{"__proto__":{"x":2},"a":[0],"b":1}');
    expect(() => canonicalText({ n: Number.NaN })).toThrow(/NaN/);
    expect(() => canonicalText([Number.POSITIVE_INFINITY])).toThrow(/Infinity/);
  });
});
