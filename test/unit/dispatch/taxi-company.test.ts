import { describe, expect, it } from 'vitest';
import { assertActsForCompany, listTaxiCompanies, normalizeLicenseNo, registerTaxiCompany, registerTaxiCompanySchema, type TaxiCompany } from '#dispatch/domain/taxi-company';

const valid = { name: 'Osing Taksi', licenseNo: '551.21/001/429.104/2024', operators: ['op-osing'], tariff: { flagFallIdr: 7_500, perKmIdr: 4_150, minimumFareIdr: 20_000 } };

describe('registering a taxi company', () => {
  it('accepts whole, positive rupiah only', () => {
    expect(registerTaxiCompanySchema.safeParse(valid).success).toBe(true);
    for (const tariff of [
      { ...valid.tariff, flagFallIdr: 7_500.5 },
      { ...valid.tariff, perKmIdr: 0 },
      { ...valid.tariff, minimumFareIdr: -20_000 },
      { ...valid.tariff, perKmIdr: '4150' },
      { ...valid.tariff, minimumFareIdr: 1e12 },
      { ...valid.tariff, extra: 1 },
      { flagFallIdr: 7_500, perKmIdr: 4_150 },
    ]) {
      expect(registerTaxiCompanySchema.safeParse({ ...valid, tariff }).success, JSON.stringify(tariff)).toBe(false);
    }
  });

  it('needs at least one operator, each once, and a licence number', () => {
    expect(registerTaxiCompanySchema.safeParse({ ...valid, operators: [] }).success).toBe(false);
    expect(registerTaxiCompanySchema.safeParse({ ...valid, operators: ['a', 'a'] }).success).toBe(false);
    expect(registerTaxiCompanySchema.safeParse({ ...valid, licenseNo: '' }).success).toBe(false);
    expect(registerTaxiCompanySchema.safeParse({ ...valid, licenseNo: '<script>' }).success).toBe(false);
    expect(normalizeLicenseNo(' 551.21/ 001/429.104/2024')).toBe(normalizeLicenseNo('551.21/001/429.104/2024'));
  });

  it('is for admins; an operator acts only for a company that lists it', async () => {
    const ports = {
      companies: { createCompany: async () => undefined, getCompany: async () => undefined, listCompanies: async () => ({ items: [], nextCursor: null }) },
      clock: { now: () => new Date('2026-11-28T01:00:00Z') },
      ids: { next: (p: string) => `${p}_1` },
    };
    const input = registerTaxiCompanySchema.parse(valid);
    await expect(registerTaxiCompany(ports, { sub: 'op', roles: new Set(['taxi_operator']) }, input)).rejects.toMatchObject({ status: 403 });
    const company: TaxiCompany = await registerTaxiCompany(ports, { sub: 'adm', roles: new Set(['admin']) }, input);
    expect(company).toMatchObject({ companyId: 'cmp_1', createdAt: '2026-11-28T08:00:00.000+07:00', createdBy: 'adm' });
    expect(() => assertActsForCompany({ sub: 'op-osing', roles: new Set(['taxi_operator']) }, company)).not.toThrow();
    expect(() => assertActsForCompany({ sub: 'op-other', roles: new Set(['taxi_operator']) }, company)).toThrow(/do not operate/);
    expect(() => assertActsForCompany({ sub: 'op-osing', roles: new Set(['citizen']) }, company)).toThrow();
  });
});

describe('listing the taxi companies', () => {
  it('is for admins only: an operator reads its own company, not the registry', async () => {
    const asked: unknown[] = [];
    const companies = {
      createCompany: async () => undefined,
      getCompany: async () => undefined,
      listCompanies: async (page: { limit: number; cursor?: string }) => (asked.push(page), { items: [], nextCursor: null }),
    };
    await expect(listTaxiCompanies({ companies }, { sub: 'op-osing', roles: new Set(['taxi_operator']) }, { limit: 20 })).rejects.toMatchObject({ status: 403 });
    expect(asked).toEqual([]);
    expect(await listTaxiCompanies({ companies }, { sub: 'adm', roles: new Set(['admin']) }, { limit: 5, cursor: 'c' })).toEqual({ items: [], nextCursor: null });
    expect(asked).toEqual([{ limit: 5, cursor: 'c' }]);
  });
});
