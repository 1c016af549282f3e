/**
 * Units of water-quality parameters: each parameter has one canonical unit (the unit of its
 * limits and of what is stored) and accepted alternative units with their factor to it
 * (canonical = value × factor). Spellings are compared after normalisation: case, spaces,
 * the micro sign (µ U+00B5, μ U+03BC, or a plain `u`) and `l`/`L` do not matter, so
 * `ug/l`, `µg/L` and `μg/L` are one unit. Pure.
 */

export interface UnitAlternative {
  /** As displayed, e.g. `µg/L`. */
  readonly unit: string;
  /** canonical = value × factor */
  readonly factor: number;
  /** Other spellings of this unit (French lab reports: `UFC/100 mL`, `mg/L N`...). */
  readonly aliases?: readonly string[];
  readonly note?: string;
}

/** A unit spelling reduced to a comparison key (`µg/L`, `ug/l`, `μg / L` → `μg/l`). */
export function unitKey(unit: string): string {
  const key = unit.normalize('NFKC').toLowerCase().replace(/\s+/g, '').replace(/µ/g, 'μ');
  return key.replace(/^u(?=[gs]\/)/, 'μ').replace(/(^|\/)u(?=s\/)/, '$1μ');
}

/** Rounds away binary noise of a conversion (0.05 × 1000 = 50.00000000000001) to 12 significant digits. */
export const clean = (value: number): number => (value === 0 ? 0 : Number(value.toPrecision(12)));

/** The factor from `unit` to `canonical`, or undefined when the unit is not accepted. */
export function factorTo(canonical: string, alternatives: readonly UnitAlternative[], unit: string): number | undefined {
  const key = unitKey(unit);
  if (key === unitKey(canonical)) return 1;
  for (const alt of alternatives) if ([alt.unit, ...(alt.aliases ?? [])].some((u) => unitKey(u) === key)) return alt.factor;
  return undefined;
}

// Unit families the catalogue shares. Molar masses (IUPAC 2021): N 14.007, O 15.999, H 1.008.
/** mg/L of NO3 per mg/L of nitrate-nitrogen: 62.004 / 14.007. */
export const NO3_PER_N = 62.004 / 14.007;
/** mg/L of NO2 per mg/L of nitrite-nitrogen: 46.005 / 14.007. */
export const NO2_PER_N = 46.005 / 14.007;
/** mg/L of NH4 per mg/L of ammonium-nitrogen: 18.039 / 14.007. */
export const NH4_PER_N = 18.039 / 14.007;

/** For a parameter in mg/L: µg/L, ng/L and g/L. */
export const MG_L_ALTERNATIVES: readonly UnitAlternative[] = [
  { unit: 'µg/L', factor: 0.001, aliases: ['ppb'] },
  { unit: 'ng/L', factor: 0.000001 },
  { unit: 'g/L', factor: 1000 },
];
/** For a parameter in µg/L: mg/L and ng/L. */
export const UG_L_ALTERNATIVES: readonly UnitAlternative[] = [
  { unit: 'mg/L', factor: 1000, aliases: ['ppm'] },
  { unit: 'ng/L', factor: 0.001, aliases: ['ppt'] },
];
/** For counts per 100 mL: the colony and most-probable-number spellings, in English and French. */
export const PER_100_ML_ALTERNATIVES: readonly UnitAlternative[] = [
  { unit: 'CFU/100 mL', factor: 1, aliases: ['UFC/100 mL', 'n/100 mL', '/100 mL', 'nombre/100 mL', 'number/100 mL'] },
  { unit: 'MPN/100 mL', factor: 1, aliases: ['NPP/100 mL'], note: 'most probable number, reported as a count per 100 mL' },
  { unit: 'CFU/mL', factor: 100, aliases: ['UFC/mL'] },
];
/** Turbidity: FNU (ISO 7027) and NTU (USEPA 180.1) are reported as equivalent. */
export const TURBIDITY_ALTERNATIVES: readonly UnitAlternative[] = [
  { unit: 'FNU', factor: 1, aliases: ['NFU', 'UNT', 'FTU'], note: 'ISO 7027 formazine units; numerically equivalent to NTU for compliance reporting' },
];
/** Conductivity in µS/cm. */
export const CONDUCTIVITY_ALTERNATIVES: readonly UnitAlternative[] = [
  { unit: 'mS/cm', factor: 1000 },
  { unit: 'mS/m', factor: 10 },
  { unit: 'S/m', factor: 10_000 },
];
