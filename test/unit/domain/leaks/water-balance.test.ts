/** The IWA/AWWA water balance, checked on a worked example computed by hand. */
import { describe, expect, it } from 'vitest';
import { uarlLitresPerDay, waterBalance } from '#domain/leaks/water-balance';

/*
 * Worked example, 30 days, 100 km of mains, 5 000 connections, meters at the property line
 * (Lp = 0), 50 m average pressure:
 *   UARL = (18 × 100 + 0.8 × 5 000 + 25 × 0) × 50 = 290 000 L/day = 290 m³/day → 8 700 m³
 *   SIV 120 000; billed metered 90 000; unbilled metered 500; unbilled unmetered 1.25 % × SIV = 1 500
 *   authorised 92 000; water losses 28 000; NRW 30 000
 *   apparent: unauthorised 0.25 % × 120 000 = 300; meters 90 000 × 0.02 / 0.98 = 1 836.734 7;
 *             data handling 0.25 % × 90 000 = 225; total 2 361.734 7
 *   real losses 28 000 − 2 361.734 7 = 25 638.265 3; ILI = 25 638.265 3 / 8 700 = 2.946 927
 *   per connection per day: 25 638 265.3 L / 5 000 / 30 = 170.921 8 L
 */
const example = {
  periodDays: 30,
  systemInputVolumeM3: 120_000,
  billedMeteredM3: 90_000,
  unbilledMeteredM3: 500,
  mainsLengthKm: 100,
  serviceConnections: 5000,
  connectionsLengthKm: 0,
  averagePressureM: 50,
};

describe('uarlLitresPerDay', () => {
  it("is Lambert's (18 Lm + 0.8 Nc + 25 Lp) × P", () => {
    expect(uarlLitresPerDay(100, 5000, 0, 50)).toBe(290_000);
    expect(uarlLitresPerDay(10, 1000, 4, 40)).toBe((180 + 800 + 100) * 40);
  });
});

describe('waterBalance', () => {
  const b = waterBalance(example);

  it('reproduces the worked example', () => {
    expect(b.systemInputVolume).toEqual({ m3: 120_000, basis: 'measured', from: expect.any(String) });
    expect(b.billedAuthorised.m3).toBe(90_000);
    expect(b.unbilledAuthorised.m3).toBeCloseTo(2000, 9);
    expect(b.authorisedConsumption.m3).toBeCloseTo(92_000, 9);
    expect(b.nonRevenueWater.m3).toBe(30_000);
    expect(b.waterLosses.m3).toBeCloseTo(28_000, 9);
    expect(b.apparentLosses.unauthorisedConsumption.m3).toBeCloseTo(300, 9);
    expect(b.apparentLosses.meterUnderRegistration.m3).toBeCloseTo(1836.7347, 4);
    expect(b.apparentLosses.dataHandlingErrors.m3).toBeCloseTo(225, 9);
    expect(b.apparentLosses.m3).toBeCloseTo(2361.7347, 4);
    expect(b.realLosses.m3).toBeCloseTo(25_638.2653, 4);
    expect(b.unavoidableRealLosses!.m3).toBeCloseTo(8700, 9);
    expect(b.infrastructureLeakageIndex!.value).toBeCloseTo(2.946927, 6);
    expect(b.realLossesLPerConnectionPerDay).toBeCloseTo(170.9218, 4);
    expect(b.warnings).toEqual([]);
  });

  it('flags what is measured and what rests on an estimate', () => {
    expect(b.billedAuthorised.basis).toBe('measured');
    expect(b.nonRevenueWater.basis).toBe('measured');
    expect(b.unbilledAuthorised.basis).toBe('estimated'); // the AWWA default for unbilled unmetered
    expect(b.waterLosses.basis).toBe('estimated');
    expect(b.apparentLosses.basis).toBe('estimated');
    expect(b.realLosses.basis).toBe('estimated');
    expect(b.unavoidableRealLosses!.basis).toBe('measured');
    expect(b.apparentLosses.meterUnderRegistration.from).toContain('Hydrant assumption');
    const given = waterBalance({ ...example, unbilledUnmeteredM3: 1500 });
    expect(given.waterLosses.basis).toBe('measured');
    expect(given.realLosses.m3).toBeCloseTo(25_638.2653, 4);
  });

  it('extrapolates an incomplete system input and says it is estimated', () => {
    const partial = waterBalance({ ...example, systemInputVolumeM3: 108_000, systemInputCompleteness: 0.9 });
    expect(partial.systemInputVolume).toMatchObject({ m3: 120_000, basis: 'estimated' });
    expect(partial.nonRevenueWater.basis).toBe('estimated');
  });

  it('has no UARL or ILI without pressure, and warns where the formula is weak', () => {
    const noPressure = waterBalance({ ...example, averagePressureM: null });
    expect(noPressure.unavoidableRealLosses).toBeNull();
    expect(noPressure.infrastructureLeakageIndex).toBeNull();
    expect(noPressure.warnings[0]).toContain('no average pressure');
    const small = waterBalance({ ...example, serviceConnections: 800, mainsLengthKm: 60, averagePressureM: 20, connectionsLengthKm: null });
    expect(small.warnings).toHaveLength(3);
    expect(small.unavoidableRealLosses!.basis).toBe('estimated');
  });

  it('warns when billing exceeds the input, and refuses negative volumes', () => {
    expect(waterBalance({ ...example, billedMeteredM3: 130_000 }).warnings[0]).toContain('exceed the system input');
    expect(() => waterBalance({ ...example, systemInputVolumeM3: -1 })).toThrow(expect.objectContaining({ code: 'INVALID_BALANCE_INPUT' }));
  });
});
