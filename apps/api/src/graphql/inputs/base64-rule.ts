import { ValidateBy, type ValidationOptions } from 'class-validator';

const BASE64_CHARACTER = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') BASE64_CHARACTER[c.charCodeAt(0)] = 1;

/**
 * Standard base64 (RFC 4648 §4, padded), checked by one pass over the characters. class-validator's IsBase64 tests a
 * regular expression whose repeated groups V8 matches by recursion: on a document of several megabytes it overflowed
 * the stack, now and then, depending on how deep the stack already was (an INTERNAL_SERVER_ERROR instead of an answer).
 */
export function isBase64(value: unknown): boolean {
  if (typeof value !== 'string' || value.length % 4 !== 0) return false;
  let end = value.length;
  if (value.endsWith('==')) end -= 2;
  else if (value.endsWith('=')) end -= 1;
  for (let i = 0; i < end; i++) {
    const code = value.charCodeAt(i);
    if (code >= 128 || BASE64_CHARACTER[code] !== 1) return false;
  }
  return true;
}

export function IsStandardBase64(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    { name: 'isStandardBase64', validator: { validate: isBase64, defaultMessage: () => 'must be base64 encoded' } },
    options,
  );
}
