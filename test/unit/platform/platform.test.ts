import { describe, expect, it } from 'vitest';
import { callerFromEvent, parseListClaim } from '#platform/http/caller';
import { decodeCursor, encodeCursor } from '#platform/pagination';
import { REDACTED, redactSensitive } from '#platform/logger';
import { isInServiceArea, KECAMATAN } from '#platform/service-area';
import { toWibIso, wibDay } from '#platform/time';
import { apiEvent } from '../support/api-event.ts';

describe('caller from verified claims', () => {
  it('reads cognito:groups in the string form API Gateway passes ("[a b]") and as an array', () => {
    expect(parseListClaim('[pharmacy admin]')).toEqual(['pharmacy', 'admin']);
    expect(parseListClaim(['driver'])).toEqual(['driver']);
    expect(parseListClaim(undefined)).toEqual([]);
  });

  it('keeps only known roles', () => {
    const event = apiEvent({ routeKey: 'GET /v1/health', caller: { sub: 'u1', roles: ['pharmacy'] } });
    (event.requestContext as any).authorizer.jwt.claims['cognito:groups'] = '[pharmacy superuser]';
    const caller = callerFromEvent(event);
    expect(caller?.sub).toBe('u1');
    expect([...(caller?.roles ?? [])]).toEqual(['pharmacy']);
  });

  it('has no caller on a public route', () => {
    expect(callerFromEvent(apiEvent({ routeKey: 'GET /v1/health' }))).toBeUndefined();
  });
});

describe('list cursors', () => {
  const key = { pk: 'MO#1', sk: 'MO', gsi1pk: 'FACILITY#a#MO', gsi1sk: '1' };
  const attributes = ['pk', 'sk', 'gsi1pk', 'gsi1sk'];

  it('round-trips the last key of a page', () => {
    expect(decodeCursor(encodeCursor(key)!, attributes, { gsi1pk: 'FACILITY#a#MO' })).toEqual(key);
    expect(encodeCursor(undefined)).toBeNull();
  });

  it.each([
    ['garbage', 'not-base64-json'],
    ['a cursor pinned to another partition', encodeCursor({ ...key, gsi1pk: 'FACILITY#b#MO' })!],
    ['a cursor with extra attributes', encodeCursor({ ...key, status: 'x' })!],
    ['a cursor with non-string values', encodeCursor({ ...key, sk: 5 })!],
  ])('refuses %s with INVALID_CURSOR', (_, cursor) => {
    expect(() => decodeCursor(cursor, attributes, { gsi1pk: 'FACILITY#a#MO' })).toThrow(
      expect.objectContaining({ code: 'INVALID_CURSOR', status: 400 }),
    );
  });
});

describe('log redaction', () => {
  it('replaces personal and medical fields wherever they appear', () => {
    const entry = { orderId: 'mo_1', patient: { name: 'Siti' }, nested: { phone: '+62812', nik: '3510', items: ['Insulin'], address: {} } };
    const text = JSON.stringify(entry, redactSensitive);
    expect(text).toContain('mo_1');
    for (const secret of ['Siti', '+62812', '3510', 'Insulin']) expect(text).not.toContain(secret);
    expect(JSON.parse(text).nested.phone).toBe(REDACTED);
  });
});

describe('service area and time', () => {
  it('has the 25 kecamatan of Banyuwangi', () => {
    expect(KECAMATAN).toHaveLength(25);
    expect(KECAMATAN).toContain('Genteng');
  });

  it('accepts RSUD Genteng and refuses Jember and Denpasar', () => {
    expect(isInServiceArea({ lat: -8.365603, lng: 114.163863 })).toBe(true);
    expect(isInServiceArea({ lat: -8.17, lng: 113.7 })).toBe(false);
    expect(isInServiceArea({ lat: -8.65, lng: 115.22 })).toBe(false);
  });

  it('writes instants in WIB with their offset and counts business days in WIB', () => {
    const lateEvening = new Date('2026-11-28T18:30:00Z');
    expect(toWibIso(lateEvening)).toBe('2026-11-29T01:30:00.000+07:00');
    expect(wibDay(lateEvening)).toBe('2026-11-29');
    expect(new Date(toWibIso(lateEvening)).getTime()).toBe(lateEvening.getTime());
  });
});
