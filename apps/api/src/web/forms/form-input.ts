import type { Type } from '@nestjs/common';
import { ledgerValidationPipe } from '../../errors/validation-pipe';

const pipe = ledgerValidationPipe();

/**
 * A mutation's input class built from a form and checked exactly as the GraphQL pipe checks it (the same pipe:
 * class-validator, unknown fields refused, too-deep nesting refused); throws InputRejected naming each field.
 */
export async function validatedInput<T extends object>(inputClass: Type<T>, plain: Record<string, unknown>): Promise<T> {
  const value = await pipe.transform(plain, { type: 'body', metatype: inputClass });
  if (!(value instanceof inputClass)) throw new Error(`the validation pipe did not build a ${inputClass.name}`);
  return value;
}

/**
 * A posted form's fields: text fields only, trimmed, with a textarea's CRLF line ends read as the \n they were shown
 * with; a field sent twice is kept as neither (so it is missing, and refused as such).
 */
export function formFieldsOf(body: unknown): Record<string, string> {
  const fields: Record<string, string> = {};
  if (body === null || typeof body !== 'object') return fields;
  for (const [name, value] of Object.entries(body)) if (typeof value === 'string') fields[name] = value.replace(/\r\n?/g, '\n').trim();
  return fields;
}

/** Empty form fields are absent, as an omitted GraphQL field is. */
export function given(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** A GOV.UK date input (day, month, year) as YYYY-MM-DD; undefined when all three are empty. */
export function dateOf(fields: Record<string, string>, prefix: string): string | undefined {
  const day = fields[`${prefix}-day`] ?? '';
  const month = fields[`${prefix}-month`] ?? '';
  const year = fields[`${prefix}-year`] ?? '';
  if (!day && !month && !year) return undefined;
  return `${year.padStart(4, '0')}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}

/**
 * A required date as the command's business time at day precision: left empty, it is still sent (as no date), so the
 * refusal is the API's rule for a date rather than a missing object.
 */
export function businessDayOf(fields: Record<string, string>, prefix: string): { from: string; precision: 'day' } {
  return { from: dateOf(fields, prefix) ?? '', precision: 'day' };
}

/** The date input's three fields for a YYYY-MM-DD date, as the form shows them. */
export function dateFields(prefix: string, date: string): Record<string, string> {
  const [year = '', month = '', day = ''] = date.split('-');
  return { [`${prefix}-day`]: String(Number(day)), [`${prefix}-month`]: String(Number(month)), [`${prefix}-year`]: year };
}
