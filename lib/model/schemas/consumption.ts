/**
 * Consumption imports (billing, per customer connection and period) and the zone water
 * balance (issue 15). The row rules that are domain rules (period, volume, CSV reading)
 * live in `#domain/leaks/consumption`; the routes are in `lib/model/routes/consumption.ts`.
 */
import * as z from 'zod';
import { lazySchema } from '../lazy-schema';
import { MAX_CONSUMPTION_ROWS } from '#domain/leaks/consumption';
import { Id, IsoDateTime } from './common';
import { SensorId } from './sensors';

const Day = lazySchema(() => z.iso.date().meta({ example: '2026-01-01' }));

export const ConsumptionRow = lazySchema(() => z.strictObject({
  connectionId: z.string().min(1).max(64).regex(/^[\p{L}\p{N}._:/#-]+$/u, 'letters, digits and . _ : / # - only').describe('The customer connection (service connection, meter point) as the billing system names it'),
  zoneId: Id.describe('The zone (district metered area) the connection is in'),
  periodStart: Day.describe('First day of the billed period (inclusive, UTC day)'),
  periodEnd: Day.describe('Last day of the billed period (inclusive, at most 366 days after the start)'),
  volumeM3: z.number().min(0).max(1e9).describe('Volume of the period, m³'),
  billed: z.boolean().default(true).describe('Billed authorised consumption (true) or unbilled authorised (false: fire fighting, flushing...)'),
  metered: z.boolean().default(true).describe('Measured by a customer meter (true) or estimated (flat rate, false)'),
}));

export const ImportConsumptionBody = lazySchema(() => z
  .strictObject({
    rows: z.array(ConsumptionRow).min(1).max(MAX_CONSUMPTION_ROWS).optional().describe('The rows as JSON (a bare JSON array of rows is accepted too)'),
    csv: z.string().min(1).optional().describe('Set from a text/csv body: the export of the billing system, `,` or `;` separated (`;` files use a decimal comma), dates yyyy-mm-dd or dd/mm/yyyy, English or French headers'),
  })
  .refine((b) => (b.rows === undefined) !== (b.csv === undefined), { message: 'give either rows (JSON) or a CSV body', path: ['rows'] })
  .meta({ id: 'ImportConsumptionBody' }));

export const importConsumptionExample = {
  rows: [
    { connectionId: 'PDL-000123', zoneId: '01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B', periodStart: '2026-01-01', periodEnd: '2026-03-31', volumeM3: 28.4, billed: true, metered: true },
    { connectionId: 'HYDRANT-FIRE', zoneId: '01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B', periodStart: '2026-01-01', periodEnd: '2026-03-31', volumeM3: 12, billed: false, metered: false },
  ],
};

/** The same rows as a French billing export (`;`, decimal comma, dd/mm/yyyy). */
export const importConsumptionCsvExample = 'branchement;zone;début;fin;volume (m3);facturé;comptage\nPDL-000123;01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B;01/01/2026;31/03/2026;28,4;oui;compteur\nHYDRANT-FIRE;01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B;01/01/2026;31/03/2026;12;non;forfait\n';

export const ImportConsumptionResult = lazySchema(() => z
  .object({
    imported: z.number().int().describe('Rows stored (a row of the same zone, connection and period replaces the one stored)'),
    zones: z.array(Id),
    periodStart: Day,
    periodEnd: Day,
  })
  .meta({ id: 'ImportConsumptionResult' }));

export const importConsumptionResultExample = { imported: 2, zones: ['01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B'], periodStart: '2026-01-01', periodEnd: '2026-03-31' };

export const WaterBalanceQuery = lazySchema(() => z.strictObject({
  from: IsoDateTime.optional().describe('Inclusive; default: 28 days before `to`'),
  to: IsoDateTime.optional().describe('Exclusive; default: now. At most 366 days after `from` (400 RANGE_TOO_LONG beyond)'),
}));

const Basis = lazySchema(() => z.enum(['measured', 'estimated']).describe('estimated: rests on a default, an extrapolation or a modelled quantity'));
const Figure = lazySchema(() => z.object({ m3: z.number(), basis: Basis, from: z.string().describe('The data or the rule the figure comes from') }));

export const WaterBalance = lazySchema(() => z
  .object({
    zoneId: Id,
    from: IsoDateTime,
    to: IsoDateTime,
    periodDays: z.number(),
    systemInputVolume: Figure,
    billedAuthorised: Figure,
    unbilledAuthorised: Figure,
    authorisedConsumption: Figure,
    nonRevenueWater: Figure,
    waterLosses: Figure,
    apparentLosses: Figure.extend({ unauthorisedConsumption: Figure, meterUnderRegistration: Figure, dataHandlingErrors: Figure }),
    realLosses: Figure,
    unavoidableRealLosses: Figure.nullable().describe("Lambert's UARL over the period; null without the zone's average pressure"),
    infrastructureLeakageIndex: z.object({ value: z.number(), basis: Basis }).nullable().describe('real losses / UARL'),
    realLossesLPerConnectionPerDay: z.number().nullable(),
    warnings: z.array(z.string()),
    sources: z.object({
      meters: z.array(z.object({ sensorId: SensorId, direction: z.enum(['in', 'out']), m3: z.number().describe("The meter's volume over the hours it covered"), hoursCovered: z.number().int() })),
      systemInputHours: z.number().int().describe('Hours of the range'),
      systemInputCompleteness: z.number().min(0).max(1).describe('Share of the hours every meter covered; below 1 the system input is extrapolated (estimated)'),
      consumption: z.object({
        rows: z.number().int().describe('Imported rows whose period overlaps the range'),
        connections: z.number().int(),
        prorated: z.boolean().describe('Some period reaches beyond the range: its volume is counted by the share of its days in the range'),
        billedMeteredM3: z.number(),
        billedUnmeteredM3: z.number(),
        unbilledMeteredM3: z.number(),
        unbilledUnmeteredM3: z.number(),
      }),
    }),
  })
  .meta({ id: 'WaterBalance' }));

const figure = (m3: number, basis: 'measured' | 'estimated', from: string) => ({ m3, basis, from });
export const waterBalanceExample = {
  zoneId: '01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B',
  from: '2026-01-01T00:00:00.000Z',
  to: '2026-04-01T00:00:00.000Z',
  periodDays: 90,
  systemInputVolume: figure(54_000, 'measured', 'zone meters (in − out)'),
  billedAuthorised: figure(40_000, 'measured', 'billed consumption imported for the period'),
  unbilledAuthorised: figure(675, 'estimated', 'unbilled metered + unbilled unmetered'),
  authorisedConsumption: figure(40_675, 'estimated', 'billed + unbilled authorised'),
  nonRevenueWater: figure(14_000, 'measured', 'system input − billed authorised'),
  waterLosses: figure(13_325, 'estimated', 'system input − authorised consumption'),
  apparentLosses: {
    ...figure(1051.3, 'estimated', 'unauthorised + meter under-registration + data handling'),
    unauthorisedConsumption: figure(135, 'estimated', '0.25 % of system input (AWWA default)'),
    meterUnderRegistration: figure(816.3, 'estimated', 'customer meters registering 98 % of the true volume (Hydrant assumption)'),
    dataHandlingErrors: figure(100, 'estimated', '0.25 % of billed authorised (AWWA default)'),
  },
  realLosses: figure(12_273.7, 'estimated', 'water losses − apparent losses'),
  unavoidableRealLosses: figure(4_536, 'estimated', '(18 × 12 km + 0.8 × 800 + 25 × 0 km) × 50 m × 90 d, Lp taken as 0 (meters at the property line)'),
  infrastructureLeakageIndex: { value: 2.71, basis: 'estimated' },
  realLossesLPerConnectionPerDay: 170.5,
  warnings: ['UARL is less reliable below 3 000 service connections'],
  sources: {
    meters: [{ sensorId: 'FLOW_IN_01', direction: 'in', m3: 54_000, hoursCovered: 2160 }],
    systemInputHours: 2160,
    systemInputCompleteness: 1,
    consumption: { rows: 800, connections: 800, prorated: false, billedMeteredM3: 40_000, billedUnmeteredM3: 0, unbilledMeteredM3: 0, unbilledUnmeteredM3: 0 },
  },
};
