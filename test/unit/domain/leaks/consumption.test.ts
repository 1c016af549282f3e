/**
 * Consumption rows: the CSV exports billing systems write (English, French), the rules of
 * a row, proration to a range, and the system input volume from the meters' hourly means.
 */
import { describe, expect, it } from 'vitest';
import { consumptionFromCsv, consumptionInRange, parseDay, parseVolume, repeatedRowIssues, systemInput, type ConsumptionRow } from '#domain/leaks/consumption';

const ZONE = '01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B';
const HOUR = 3_600_000;
const DAY = 86_400_000;

describe('consumption CSV', () => {
  it('reads a French export: ";" separator, decimal comma, dd/mm/yyyy, French headers with accents, oui/non and compteur/forfait', () => {
    const csv = [
      '\uFEFFBranchement;Zone;Début;Fin;Volume (m3);Facturé;Comptage',
      `PDL-001;${ZONE};01/01/2026;31/03/2026;1 234,5;oui;compteur`,
      `PDL-002;${ZONE};1/1/2026;31/3/2026;12,25;Non;forfait`,
      '',
      `"PDL;003";${ZONE};01/01/2026;31/01/2026;0;OUI;`,
    ].join('\r\n');
    const { rows, rowNumbers, issues } = consumptionFromCsv(csv);
    expect(issues).toEqual([]);
    expect(rowNumbers).toEqual([1, 2, 3]);
    expect(rows).toEqual([
      { connectionId: 'PDL-001', zoneId: ZONE, periodStart: '2026-01-01', periodEnd: '2026-03-31', volumeM3: 1234.5, billed: true, metered: true },
      { connectionId: 'PDL-002', zoneId: ZONE, periodStart: '2026-01-01', periodEnd: '2026-03-31', volumeM3: 12.25, billed: false, metered: false },
      { connectionId: 'PDL;003', zoneId: ZONE, periodStart: '2026-01-01', periodEnd: '2026-01-31', volumeM3: 0, billed: true, metered: true },
    ]);
  });

  it('reads an English export with "," and ISO dates, booleans defaulting to true when the column is absent', () => {
    const { rows, issues } = consumptionFromCsv(`connection_id,zone_id,period_start,period_end,volume_m3\nC1,${ZONE},2026-02-01,2026-02-28,10.5\n`);
    expect(issues).toEqual([]);
    expect(rows).toEqual([{ connectionId: 'C1', zoneId: ZONE, periodStart: '2026-02-01', periodEnd: '2026-02-28', volumeM3: 10.5, billed: true, metered: true }]);
  });

  it('lists every problem with its row number and field, and keeps no bad row', () => {
    const csv = [
      'connexion;zone;debut;fin;volume;facture',
      `A;${ZONE};31/02/2026;31/03/2026;1,5;oui`,
      `B;${ZONE};01/03/2026;01/02/2026;abc;peut-être`,
      `;${ZONE};01/01/2026;01/01/2028;-2;oui`,
      `D;${ZONE};01/01/2026;31/01/2026;3;oui`,
    ].join('\n');
    const { rows, rowNumbers, issues } = consumptionFromCsv(csv);
    expect(rows.map((r) => r.connectionId)).toEqual(['D']);
    expect(rowNumbers).toEqual([4]);
    expect(issues.map((i) => [i.row, i.field])).toEqual([
      [1, 'periodStart'],
      [2, 'volumeM3'],
      [2, 'billed'],
      [2, 'periodEnd'],
      [3, 'connectionId'],
      [3, 'volumeM3'],
      [3, 'periodEnd'],
    ]);
    expect(issues.find((i) => i.row === 3 && i.field === 'periodEnd')?.message).toBe('a period covers at most 366 days');
    // A row whose cells all read is then checked by the row rules.
    expect(consumptionFromCsv(`connexion;zone;debut;fin;volume\nE;${ZONE};01/03/2026;01/02/2026;1`).issues).toEqual([{ row: 1, field: 'periodEnd', message: 'is before periodStart' }]);
    expect(consumptionFromCsv(`connexion;zone;debut;fin;volume\nE;${ZONE};01/01/2026;02/01/2027;1`).issues.map((i) => i.message)).toEqual(['a period covers at most 366 days']);
  });

  it('names the columns a header lacks, and refuses an empty file', () => {
    expect(consumptionFromCsv('zone;volume\nx;1').issues.map((i) => i.field)).toEqual(['connectionId', 'periodStart', 'periodEnd']);
    expect(consumptionFromCsv('  \n').issues).toEqual([{ row: 0, field: 'header', message: 'the file is empty' }]);
  });

  it('reads days and volumes strictly', () => {
    expect(parseDay('29/02/2024')).toBe('2024-02-29');
    expect(parseDay('29/02/2026')).toBeUndefined();
    expect(parseDay('2026-13-01')).toBeUndefined();
    expect(parseVolume('1.234,5', true)).toBe(1234.5);
    expect(parseVolume('1,5', false)).toBeUndefined();
    expect(parseVolume('12e3', false)).toBeUndefined();
  });

  it('refuses the same zone, connection and period twice in one import', () => {
    const row: ConsumptionRow = { connectionId: 'A', zoneId: ZONE, periodStart: '2026-01-01', periodEnd: '2026-01-31', volumeM3: 1, billed: true, metered: true };
    expect(repeatedRowIssues([row, { ...row, periodEnd: '2026-02-28' }, { ...row, volumeM3: 2 }], (i) => i + 1)).toEqual([{ row: 3, field: 'connectionId', message: 'same zone, connection and period as row 1' }]);
  });
});

describe('consumption in a range', () => {
  const row = (over: Partial<ConsumptionRow>): ConsumptionRow => ({ connectionId: 'A', zoneId: ZONE, periodStart: '2026-01-01', periodEnd: '2026-01-31', volumeM3: 31, billed: true, metered: true, ...over });

  it('prorates each row by the share of its days in the range, by billed/unbilled and metered/unmetered', () => {
    const from = Date.parse('2026-01-11T00:00:00Z');
    const to = Date.parse('2026-02-11T00:00:00Z');
    const out = consumptionInRange(
      [
        row({}), // 21 of 31 days
        row({ connectionId: 'B', periodStart: '2026-02-01', periodEnd: '2026-02-28', volumeM3: 28, metered: false }), // 10 of 28
        row({ connectionId: 'C', billed: false, volumeM3: 62 }), // 21 of 31
        row({ connectionId: 'D', periodStart: '2025-12-01', periodEnd: '2025-12-31' }), // outside
      ],
      from,
      to,
    );
    expect(out.billedMeteredM3).toBeCloseTo(21, 9);
    expect(out.billedUnmeteredM3).toBeCloseTo(10, 9);
    expect(out.unbilledMeteredM3).toBeCloseTo(42, 9);
    expect(out.unbilledUnmeteredM3).toBe(0);
    expect(out).toMatchObject({ rows: 3, connections: 3, prorated: true });
  });

  it('counts a row wholly inside the range whole', () => {
    expect(consumptionInRange([row({})], Date.parse('2026-01-01T00:00:00Z'), Date.parse('2026-02-01T00:00:00Z'))).toMatchObject({ billedMeteredM3: 31, prorated: false });
  });
});

describe('system input volume', () => {
  const from = Date.parse('2026-03-01T00:00:00Z');
  const hours = (n: number, value: (k: number) => number, skip: (k: number) => boolean = () => false) =>
    Array.from({ length: n }, (_, k) => ({ ts: from + k * HOUR, value: value(k) })).filter((_, k) => !skip(k));

  it('sums in minus out over the hours every meter covered, and reports the share covered', () => {
    const out = systemInput(
      [
        { sensorId: 'IN_1', direction: 'in', samples: hours(48, () => 30) },
        { sensorId: 'IN_2', direction: 'in', samples: hours(48, () => 10, (k) => k === 5) },
        { sensorId: 'OUT_1', direction: 'out', samples: hours(48, () => 4) },
      ],
      from,
      from + 2 * DAY,
    );
    expect(out.m3).toBeCloseTo(47 * 36, 9);
    expect(out.completeness).toBeCloseTo(47 / 48, 9);
    expect(out.hours).toBe(48);
    expect(out.meters).toEqual([
      { sensorId: 'IN_1', direction: 'in', m3: 48 * 30, hoursCovered: 48 },
      { sensorId: 'IN_2', direction: 'in', m3: 47 * 10, hoursCovered: 47 },
      { sensorId: 'OUT_1', direction: 'out', m3: 48 * 4, hoursCovered: 48 },
    ]);
  });

  it('is empty without meters or data', () => {
    expect(systemInput([], from, from + DAY)).toMatchObject({ m3: 0, completeness: 0, hours: 24 });
    expect(systemInput([{ sensorId: 'IN_1', direction: 'in', samples: [] }], from, from + DAY)).toMatchObject({ m3: 0, completeness: 0 });
  });
});
