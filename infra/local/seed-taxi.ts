/**
 * Taxi demo data for `npm start`: two licensed local taxi companies with their operators and
 * tariffs, and a handful of yellow-plate taxis around Banyuwangi town and Genteng, switched on
 * and located now. Called from seed.ts, only into an empty store.
 */
import type { Caller } from '../../shared/platform/http/caller.ts';
import { toWibIso } from '../../shared/platform/time.ts';
import { registerDriverSchema } from '../../shared/dispatch/domain/driver.ts';
import { registerDriver, reportLocation, setOwnAvailability } from '../../shared/dispatch/application/driver-use-cases.ts';
import { driverPorts } from '../../shared/dispatch/adapters/driver-store.ts';
import { registerTaxiCompanySchema, type TaxiCompany } from '../../shared/dispatch/domain/taxi-company.ts';
import { taxiCompanyPorts } from '../../shared/dispatch/adapters/taxi-company-adapters.ts';

export const DEMO_TAXI_COMPANIES = [
  {
    companyId: 'cmp_osing-taksi',
    name: 'Osing Taksi',
    licenseNo: '551.21/0117/429.104/2024',
    operators: ['operator-osing'],
    tariff: { flagFallIdr: 7_500, perKmIdr: 4_150, minimumFareIdr: 20_000 },
    taxis: [
      { sub: 'taxi-hartono', name: 'Hartono Wibisono', phone: '081277710001', plate: 'P 1101 UA', at: { lat: -8.2191, lng: 114.3691 } }, // Taman Blambangan
      { sub: 'taxi-slamet', name: 'Slamet Raharjo', phone: '081277710002', plate: 'P 1102 UA', at: { lat: -8.2045, lng: 114.3795 } }, // Pelabuhan Boom
      { sub: 'taxi-yuni', name: 'Yuniarti', phone: '081277710003', plate: 'P 1103 UA', at: { lat: -8.3609, lng: 114.1702 } }, // Genteng
    ],
  },
  {
    companyId: 'cmp_blambangan-taxi',
    name: 'Blambangan Taxi',
    licenseNo: '551.21/0243/429.104/2024',
    operators: ['operator-blambangan'],
    tariff: { flagFallIdr: 9_000, perKmIdr: 4_500, minimumFareIdr: 25_000 },
    taxis: [
      { sub: 'taxi-yusuf', name: 'Yusuf Mansur', phone: '081277720001', plate: 'P 2201 UB', at: { lat: -8.2237, lng: 114.3589 } }, // Stasiun Karangasem side of town
      { sub: 'taxi-dewi', name: 'Dewi Lestari', phone: '081277720002', plate: 'P 2202 UB', at: { lat: -8.3550, lng: 114.1790 } }, // Genteng market
      { sub: 'taxi-made', name: 'Made Sudarsana', phone: '081277720003', plate: 'P 2203 UB', at: { lat: -8.1402, lng: 114.3951 } }, // Ketapang harbour
    ],
  },
] as const;

export async function seedTaxiDemoData(admin: Caller): Promise<string[]> {
  const createdAt = toWibIso(new Date());
  let taxis = 0;
  for (const demo of DEMO_TAXI_COMPANIES) {
    const input = registerTaxiCompanySchema.parse({ name: demo.name, licenseNo: demo.licenseNo, operators: demo.operators, tariff: demo.tariff });
    // Readable ids, so that the README's examples work as written.
    const company: TaxiCompany = { companyId: demo.companyId, ...input, createdAt, createdBy: admin.sub };
    await taxiCompanyPorts().companies.createCompany(company);
    const operator: Caller = { sub: demo.operators[0], roles: new Set(['taxi_operator']) };
    for (const taxi of demo.taxis) {
      await registerDriver(
        driverPorts(),
        operator,
        registerDriverSchema.parse({
          sub: taxi.sub,
          name: taxi.name,
          phone: taxi.phone,
          vehicle: { type: 'TAXI', plate: taxi.plate },
          fleet: { kind: 'PARTNER_TAXI', companyId: demo.companyId },
          medicineTrained: false,
        }),
      );
      const self: Caller = { sub: taxi.sub, roles: new Set(['driver']) };
      await reportLocation(driverPorts(), self, taxi.at);
      await setOwnAvailability(driverPorts(), self, true);
      taxis++;
    }
  }
  return [
    `  taxi companies:     ${DEMO_TAXI_COMPANIES.map((c) => `${c.companyId} (operator ${c.operators[0]})`).join(', ')}; ${taxis} taxis in town and Genteng`,
    `  citizen subject:    any, e.g. warga-demo (npm run token -- --role citizen --sub warga-demo)`,
  ];
}
