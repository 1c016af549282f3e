/**
 * The IWA/AWWA standard water balance of a zone over a period (Alegre et al., IWA
 * "Performance Indicators for Water Supply Services", 2006; AWWA Manual M36, "Water
 * Audits and Loss Control Programs", 4th ed. 2016):
 *
 *   system input volume (SIV)        from the zone's meters
 *   billed authorised                = billed metered + billed unmetered       (billing)
 *   unbilled authorised              = unbilled metered + unbilled unmetered
 *   non-revenue water (NRW)          = SIV − billed authorised
 *   water losses                     = SIV − (billed + unbilled authorised)
 *   apparent losses                  = unauthorised use + customer meter under-registration
 *                                      + systematic data-handling errors
 *   real losses (CARL)               = water losses − apparent losses
 *   unavoidable annual real losses   UARL (L/day) = (18 × Lm + 0.8 × Nc + 25 × Lp) × P
 *                                    (Lambert, Brown, Takizawa & Weimer, "A review of
 *                                    performance indicators for real losses from water
 *                                    supply systems", AQUA 48(6), 1999; Lm km of mains,
 *                                    Nc service connections, Lp km of private pipe from
 *                                    property line to meter, P average pressure in m)
 *   Infrastructure Leakage Index     ILI = CARL / UARL over the same period
 *
 * Defaults where data is missing, each flagged `estimated`: unbilled unmetered use 1.25 %
 * of SIV, unauthorised consumption 0.25 % of SIV and data-handling errors 0.25 % of billed
 * authorised consumption are the defaults of AWWA's Free Water Audit Software (M36);
 * customer meter under-registration 2 % of what the meters should have registered is
 * Hydrant's assumption (M36 gives no default: test a sample of meters to replace it). A
 * meter registering (1 − e) of the true volume under-registers by billed × e / (1 − e).
 */
import { LeakAnalysisError } from './errors';

export const DEFAULT_UNBILLED_UNMETERED_SHARE_OF_SIV = 0.0125;
export const DEFAULT_UNAUTHORISED_SHARE_OF_SIV = 0.0025;
export const DEFAULT_DATA_HANDLING_SHARE_OF_BILLED = 0.0025;
export const DEFAULT_METER_UNDER_REGISTRATION = 0.02;

export type Basis = 'measured' | 'estimated';

/** One figure of the balance: its volume, whether it rests on an estimate, and where it comes from. */
export interface Figure {
  readonly m3: number;
  readonly basis: Basis;
  readonly from: string;
}

export interface WaterBalanceInput {
  readonly periodDays: number;
  /** From the zone's meters over the period. */
  readonly systemInputVolumeM3: number;
  /** Share of the period the meters covered, 0..1; below 1 the volume is extrapolated and estimated. */
  readonly systemInputCompleteness?: number;
  readonly billedMeteredM3: number;
  readonly billedUnmeteredM3?: number;
  readonly unbilledMeteredM3?: number;
  readonly unbilledUnmeteredM3?: number;
  readonly meterUnderRegistration?: number;
  readonly unauthorisedShareOfSiv?: number;
  readonly dataHandlingShareOfBilled?: number;
  readonly mainsLengthKm: number;
  readonly serviceConnections: number;
  readonly connectionsLengthKm?: number | null;
  readonly averagePressureM?: number | null;
}

export interface WaterBalance {
  readonly periodDays: number;
  readonly systemInputVolume: Figure;
  readonly billedAuthorised: Figure;
  readonly unbilledAuthorised: Figure;
  readonly authorisedConsumption: Figure;
  readonly nonRevenueWater: Figure;
  readonly waterLosses: Figure;
  readonly apparentLosses: Figure & {
    readonly unauthorisedConsumption: Figure;
    readonly meterUnderRegistration: Figure;
    readonly dataHandlingErrors: Figure;
  };
  readonly realLosses: Figure;
  /** UARL over the period; null without an average pressure. */
  readonly unavoidableRealLosses: Figure | null;
  readonly infrastructureLeakageIndex: { readonly value: number; readonly basis: Basis } | null;
  readonly realLossesLPerConnectionPerDay: number | null;
  /** Where the figures should be read with care. */
  readonly warnings: readonly string[];
}

const measured = (m3: number, from: string): Figure => ({ m3, basis: 'measured', from });
const estimated = (m3: number, from: string): Figure => ({ m3, basis: 'estimated', from });
const derived = (m3: number, from: string, ...parts: Figure[]): Figure => ({ m3, basis: parts.some((p) => p.basis === 'estimated') ? 'estimated' : 'measured', from });
const pct = (x: number) => `${+(100 * x).toFixed(4)} %`;

/** UARL in litres per day by Lambert's formula. */
export function uarlLitresPerDay(mainsLengthKm: number, serviceConnections: number, connectionsLengthKm: number, averagePressureM: number): number {
  return (18 * mainsLengthKm + 0.8 * serviceConnections + 25 * connectionsLengthKm) * averagePressureM;
}

/** The water balance of a zone over a period. */
export function waterBalance(input: WaterBalanceInput): WaterBalance {
  const volumes = [input.systemInputVolumeM3, input.billedMeteredM3, input.billedUnmeteredM3 ?? 0, input.unbilledMeteredM3 ?? 0, input.unbilledUnmeteredM3 ?? 0];
  if (!(input.periodDays > 0) || volumes.some((v) => !(v >= 0))) throw new LeakAnalysisError('INVALID_BALANCE_INPUT', 'the period must be positive and every volume a number >= 0');
  const completeness = input.systemInputCompleteness ?? 1;
  if (!(completeness > 0 && completeness <= 1)) throw new LeakAnalysisError('INVALID_BALANCE_INPUT', 'the system input completeness must be within (0, 1]');
  const warnings: string[] = [];

  const siv =
    completeness < 1
      ? estimated(input.systemInputVolumeM3 / completeness, `zone meters, extrapolated from ${pct(completeness)} of the period`)
      : measured(input.systemInputVolumeM3, 'zone meters (in − out)');
  const billed = measured(input.billedMeteredM3 + (input.billedUnmeteredM3 ?? 0), 'billed consumption imported for the period');
  const unbilledMetered = input.unbilledMeteredM3 ?? 0;
  const unbilledUnmetered =
    input.unbilledUnmeteredM3 !== undefined
      ? measured(input.unbilledUnmeteredM3, 'given')
      : estimated(DEFAULT_UNBILLED_UNMETERED_SHARE_OF_SIV * siv.m3, `AWWA default: ${pct(DEFAULT_UNBILLED_UNMETERED_SHARE_OF_SIV)} of system input`);
  const unbilled = derived(unbilledMetered + unbilledUnmetered.m3, 'unbilled metered + unbilled unmetered', unbilledUnmetered);
  const authorised = derived(billed.m3 + unbilled.m3, 'billed + unbilled authorised', billed, unbilled);
  const nrw = derived(siv.m3 - billed.m3, 'system input − billed authorised', siv, billed);
  const losses = derived(siv.m3 - authorised.m3, 'system input − authorised consumption', siv, authorised);

  const underRegistration = input.meterUnderRegistration ?? DEFAULT_METER_UNDER_REGISTRATION;
  const unauthorisedShare = input.unauthorisedShareOfSiv ?? DEFAULT_UNAUTHORISED_SHARE_OF_SIV;
  const dataShare = input.dataHandlingShareOfBilled ?? DEFAULT_DATA_HANDLING_SHARE_OF_BILLED;
  const unauthorised = estimated(unauthorisedShare * siv.m3, `${pct(unauthorisedShare)} of system input${input.unauthorisedShareOfSiv === undefined ? ' (AWWA default)' : ''}`);
  const metering = estimated(
    (input.billedMeteredM3 * underRegistration) / (1 - underRegistration),
    `customer meters registering ${pct(1 - underRegistration)} of the true volume${input.meterUnderRegistration === undefined ? ' (Hydrant assumption)' : ''}`,
  );
  const dataHandling = estimated(dataShare * billed.m3, `${pct(dataShare)} of billed authorised${input.dataHandlingShareOfBilled === undefined ? ' (AWWA default)' : ''}`);
  const apparent = {
    ...estimated(unauthorised.m3 + metering.m3 + dataHandling.m3, 'unauthorised + meter under-registration + data handling'),
    unauthorisedConsumption: unauthorised,
    meterUnderRegistration: metering,
    dataHandlingErrors: dataHandling,
  };
  const real = estimated(losses.m3 - apparent.m3, 'water losses − apparent losses');
  if (nrw.m3 < 0 || real.m3 < 0) warnings.push('billed and apparent volumes exceed the system input: check the meters and that billing periods match the period');

  let uarl: Figure | null = null;
  let ili: WaterBalance['infrastructureLeakageIndex'] = null;
  const lp = input.connectionsLengthKm ?? 0;
  if (input.averagePressureM && input.averagePressureM > 0) {
    const litres = uarlLitresPerDay(input.mainsLengthKm, input.serviceConnections, lp, input.averagePressureM) * input.periodDays;
    uarl = {
      m3: litres / 1000,
      basis: input.connectionsLengthKm == null ? 'estimated' : 'measured',
      from: `(18 × ${input.mainsLengthKm} km + 0.8 × ${input.serviceConnections} + 25 × ${lp} km) × ${input.averagePressureM} m × ${input.periodDays} d${input.connectionsLengthKm == null ? ', Lp taken as 0 (meters at the property line)' : ''}`,
    };
    ili = uarl.m3 > 0 ? { value: real.m3 / uarl.m3, basis: 'estimated' } : null;
    // Lambert's own conditions for the formula (AQUA 1999, and IWA's 2006 guidance).
    if (input.serviceConnections < 3000) warnings.push('UARL is less reliable below 3 000 service connections');
    if (input.mainsLengthKm > 0 && input.serviceConnections / input.mainsLengthKm < 20) warnings.push('UARL is less reliable below 20 connections per km of mains');
    if (input.averagePressureM < 25) warnings.push('UARL is less reliable below 25 m of average pressure');
  } else {
    warnings.push('no average pressure for the zone: UARL and ILI cannot be computed');
  }

  return {
    periodDays: input.periodDays,
    systemInputVolume: siv,
    billedAuthorised: billed,
    unbilledAuthorised: unbilled,
    authorisedConsumption: authorised,
    nonRevenueWater: nrw,
    waterLosses: losses,
    apparentLosses: apparent,
    realLosses: real,
    unavoidableRealLosses: uarl,
    infrastructureLeakageIndex: ili,
    realLossesLPerConnectionPerDay: input.serviceConnections > 0 ? (real.m3 * 1000) / input.serviceConnections / input.periodDays : null,
    warnings,
  };
}
