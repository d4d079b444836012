/**
 * Days and instants in requests: a malformed one is refused with a single detail that says how to
 * write it, not also "out of range", which would send the caller looking for the wrong mistake.
 */
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { parseInput } from '#platform/http/request';
import { ValidationError } from '#platform/errors';
import { daySchema, instantSchema } from '#platform/schemas';

function detailsOf(schema: z.ZodType, value: unknown): string[] {
  try {
    parseInput(z.strictObject({ at: schema }), { at: value }, 'query');
  } catch (error) {
    if (error instanceof ValidationError) return error.details.map((d) => `${d.path}: ${d.message}`);
    throw error;
  }
  return [];
}

describe('days and instants', () => {
  it.each(['2026-13-45', '30-11-2026', 'tomorrow', ''])('a malformed day %j gets one detail on how to write it', (day) => {
    expect(detailsOf(daySchema, day)).toEqual(['at: must be a WIB day, YYYY-MM-DD']);
  });

  it('a well-formed day outside 2020–2100 is refused for its range', () => {
    expect(detailsOf(daySchema, '1999-01-01')).toEqual(['at: must lie between 2020 and 2100']);
    expect(detailsOf(daySchema, '2026-11-30')).toEqual([]);
  });

  it('a malformed instant gets one detail, a well-formed one out of range its range', () => {
    expect(detailsOf(instantSchema, '2026-11-30 10:00')).toEqual(['at: must be ISO-8601 with an offset, e.g. 2026-12-18T10:00:00+07:00']);
    expect(detailsOf(instantSchema, '2101-06-01T10:00:00+07:00')).toEqual(['at: must lie between 2020 and 2100']);
    expect(detailsOf(instantSchema, '2026-11-30T10:00:00+07:00')).toEqual([]);
  });
});
