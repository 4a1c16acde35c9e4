import fc from 'fast-check';
import { isBase64 } from './base64-rule';

describe('the base64 rule of previewImport', () => {
  it('given any bytes, when encoded as base64, then it is accepted', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => isBase64(Buffer.from(bytes).toString('base64'))));
  });

  it.each([['abc'], ['ab=c'], ['a==='], ['ab c'], ['abc-'], ['abc_'], ['é=='], ['====']])('given %j, then it is refused', (text) => {
    expect(isBase64(text)).toBe(false);
  });

  it('given eight megabytes of base64, when checked, then it is answered without overflowing the stack', () => {
    const large = Buffer.alloc(6 * 1024 * 1024, 7).toString('base64');
    expect(isBase64(large)).toBe(true);
    expect(isBase64(`${large.slice(0, -4)}*AAA`)).toBe(false);
  });
});
