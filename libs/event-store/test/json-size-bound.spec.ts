import { certainlyWithinJsonBytes, type JsonValue } from '../src/json/json-value';

const bytes = (value: JsonValue): number => Buffer.byteLength(JSON.stringify(value));

describe('certainlyWithinJsonBytes, the bound that spares appends a serialisation per event', () => {
  const worstCases: JsonValue[] = [
    '\u0000\u001f"\\',
    '\ud800',
    '😀 é 中',
    -1.2345678901234567e-308,
    Number.MIN_SAFE_INTEGER,
    [null, true, false, 0, '', [], {}],
    { '\u0001': { '"': ['\u001f', 5e-324, { a: null }] } },
    { evidence: 'x'.repeat(380), nested: [{ deep: [[['\n\t']]] }] },
  ];

  it.each(worstCases.map((value) => [JSON.stringify(value), value]))('never says within for %s when it is not', (_, value) => {
    const actual = bytes(value);
    for (let limit = 0; limit <= actual * 7 + 40; limit++) {
      if (certainlyWithinJsonBytes(value, limit)) expect(actual).toBeLessThanOrEqual(limit);
    }
    expect(certainlyWithinJsonBytes(value, actual * 7 + 40)).toBe(true);
  });
});
