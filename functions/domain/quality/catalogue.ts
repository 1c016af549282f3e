/**
 * The catalogue of water-quality parameters and the built-in limit sets, as data: every
 * value carries its source. Pure.
 *
 * Sources:
 *   EU_DWD  Directive (EU) 2020/2184 of 16 December 2020 on the quality of water intended for
 *           human consumption (recast), OJ L 435, 23.12.2020, Annex I: Part A (microbiological
 *           parameters), Part B (chemical parameters), Part C (indicator parameters). Article 6:
 *           the values are to be met, for water from a distribution network, at the point where
 *           it emerges from the taps.
 *   WHO     WHO Guidelines for drinking-water quality, 4th edition incorporating the first and
 *           second addenda (Geneva, 2022): Annex 3, Table A3.3 (guideline values for chemicals
 *           of health significance), chapter 7 (E. coli) and the chemical fact sheets of
 *           chapter 12; `(P)` marks a provisional guideline value.
 */
import type { SensorKind } from '#domain/telemetry/types';
import {
  CONDUCTIVITY_ALTERNATIVES,
  MG_L_ALTERNATIVES,
  NH4_PER_N,
  NO2_PER_N,
  NO3_PER_N,
  PER_100_ML_ALTERNATIVES,
  TURBIDITY_ALTERNATIVES,
  UG_L_ALTERNATIVES,
  type UnitAlternative,
} from './units';

export const PARAMETER_CATEGORIES = ['microbiological', 'chemical', 'indicator', 'operational'] as const;
export type ParameterCategory = (typeof PARAMETER_CATEGORIES)[number];

/** Where a sample is taken: what the regulation distinguishes (a plant outlet is not a customer tap). */
export const SAMPLING_POINT_KINDS = ['plant_outlet', 'reservoir', 'network', 'customer_tap'] as const;
export type SamplingPointKind = (typeof SAMPLING_POINT_KINDS)[number];

export interface Parameter {
  /** Stable code, e.g. `free_chlorine`. */
  readonly code: string;
  readonly name: string;
  readonly category: ParameterCategory;
  /** The unit of its limits and of every stored value. */
  readonly unit: string;
  readonly alternativeUnits: readonly UnitAlternative[];
  /** Sensor kinds that measure it continuously. */
  readonly sensorKinds: readonly SensorKind[];
}

/** One limit of a set for one parameter: a bound or two, in the parameter's canonical unit. */
export interface Limit {
  readonly parameter: string;
  /** Lowest acceptable value (null: none). */
  readonly min: number | null;
  /** Highest acceptable value (null: none). */
  readonly max: number | null;
  /** The canonical unit of the parameter. */
  readonly unit: string;
  /** The value as the text says when it is not a number ("acceptable to consumers and no abnormal change"). */
  readonly text?: string;
  /** Only at these kinds of point (absent: at every point). */
  readonly appliesAt?: readonly SamplingPointKind[];
  /** First day the value applies (ISO date), absent: always. */
  readonly validFrom?: string;
  /** Day from which it no longer applies (ISO date, exclusive), absent: still. */
  readonly validUntil?: string;
  readonly note?: string;
  /** Where the value comes from (document, annex, part, table). */
  readonly source: string;
}

export const BUILT_IN_SET_KINDS = ['regulatory', 'guideline'] as const;

/** A built-in, read-only set of limits. */
export interface BuiltInLimitSet {
  readonly id: string;
  readonly name: string;
  readonly kind: (typeof BUILT_IN_SET_KINDS)[number];
  readonly source: string;
  /** Whether exceedances are judged against it (the regulation) or it is a reference (the guidelines). */
  readonly enforced: boolean;
  readonly limits: readonly Limit[];
}

const MG_L = 'mg/L';
const UG_L = 'µg/L';
const PER_100_ML = 'CFU/100 mL';

const param = (code: string, name: string, category: ParameterCategory, unit: string, alternativeUnits: readonly UnitAlternative[] = [], sensorKinds: readonly SensorKind[] = []): Parameter => ({
  code,
  name,
  category,
  unit,
  alternativeUnits,
  sensorKinds,
});
const mg = (code: string, name: string, category: ParameterCategory = 'chemical') => param(code, name, category, MG_L, MG_L_ALTERNATIVES);
const ug = (code: string, name: string, category: ParameterCategory = 'chemical') => param(code, name, category, UG_L, UG_L_ALTERNATIVES);
const count = (code: string, name: string, category: ParameterCategory) => param(code, name, category, PER_100_ML, PER_100_ML_ALTERNATIVES);

export const PARAMETERS: readonly Parameter[] = [
  // Part A
  count('e_coli', 'Escherichia coli (E. coli)', 'microbiological'),
  count('enterococci', 'Intestinal enterococci', 'microbiological'),
  // Part B
  ug('acrylamide', 'Acrylamide'),
  ug('antimony', 'Antimony'),
  ug('arsenic', 'Arsenic'),
  ug('benzene', 'Benzene'),
  ug('benzo_a_pyrene', 'Benzo(a)pyrene'),
  ug('bisphenol_a', 'Bisphenol A'),
  mg('boron', 'Boron'),
  ug('bromate', 'Bromate'),
  ug('cadmium', 'Cadmium'),
  mg('chlorate', 'Chlorate'),
  mg('chlorite', 'Chlorite'),
  ug('chromium', 'Chromium'),
  mg('copper', 'Copper'),
  ug('cyanide', 'Cyanide'),
  ug('dichloroethane_1_2', '1,2-dichloroethane'),
  ug('epichlorohydrin', 'Epichlorohydrin'),
  mg('fluoride', 'Fluoride'),
  ug('haa5', 'Haloacetic acids (HAA5)'),
  ug('lead', 'Lead'),
  ug('mercury', 'Mercury'),
  ug('microcystin_lr', 'Microcystin-LR'),
  ug('nickel', 'Nickel'),
  param('nitrate', 'Nitrate (as NO3)', 'chemical', MG_L, [
    { unit: 'mg/L NO3-N', factor: NO3_PER_N, aliases: ['mg/L N', 'mg N/L', 'mg/L as N', 'mgN/L'], note: 'nitrate-nitrogen: × 62.004/14.007' },
    { unit: 'mg/L NO3', factor: 1, aliases: ['mg NO3/L', 'mg/L as NO3'] },
    { unit: 'µg/L', factor: 0.001 },
  ]),
  param('nitrite', 'Nitrite (as NO2)', 'chemical', MG_L, [
    { unit: 'mg/L NO2-N', factor: NO2_PER_N, aliases: ['mg/L N', 'mg N/L', 'mg/L as N', 'mgN/L'], note: 'nitrite-nitrogen: × 46.005/14.007' },
    { unit: 'mg/L NO2', factor: 1, aliases: ['mg NO2/L', 'mg/L as NO2'] },
    { unit: 'µg/L', factor: 0.001 },
  ]),
  ug('pesticide_individual', 'Pesticides (each)'),
  ug('pesticides_total', 'Pesticides (total)'),
  ug('pfas_total', 'PFAS Total'),
  ug('pfas_sum', 'Sum of PFAS'),
  ug('pah', 'Polycyclic aromatic hydrocarbons'),
  ug('selenium', 'Selenium'),
  ug('tetrachloroethene_trichloroethene', 'Tetrachloroethene and trichloroethene'),
  ug('thm_total', 'Trihalomethanes (total)'),
  ug('uranium', 'Uranium'),
  ug('vinyl_chloride', 'Vinyl chloride'),
  // Part C
  ug('aluminium', 'Aluminium', 'indicator'),
  param('ammonium', 'Ammonium (as NH4)', 'indicator', MG_L, [{ unit: 'mg/L NH4-N', factor: NH4_PER_N, aliases: ['mg/L N', 'mg N/L', 'mg/L as N'], note: 'ammonium-nitrogen: × 18.039/14.007' }, { unit: 'µg/L', factor: 0.001 }]),
  mg('chloride', 'Chloride', 'indicator'),
  count('clostridium_perfringens', 'Clostridium perfringens including spores', 'indicator'),
  count('coliform_bacteria', 'Coliform bacteria', 'indicator'),
  param('colony_count_22', 'Colony count 22 °C', 'indicator', 'CFU/mL', [{ unit: 'UFC/mL', factor: 1 }]),
  param('colour', 'Colour', 'indicator', 'mg/L Pt', [{ unit: 'Hazen', factor: 1, aliases: ['mg/L Pt-Co', 'HU'] }]),
  param('conductivity', 'Conductivity (at 20 °C)', 'indicator', 'µS/cm', CONDUCTIVITY_ALTERNATIVES, ['conductivity']),
  param('ph', 'Hydrogen ion concentration (pH)', 'indicator', 'pH', [{ unit: 'pH units', factor: 1, aliases: ['unité pH', 'upH', 'u pH'] }], ['ph']),
  ug('iron', 'Iron', 'indicator'),
  ug('manganese', 'Manganese', 'indicator'),
  param('odour', 'Odour', 'indicator', 'dilution number', [{ unit: 'TON', factor: 1 }]),
  param('oxidisability', 'Oxidisability', 'indicator', 'mg/L O2', [{ unit: 'mg O2/L', factor: 1 }]),
  mg('sulphate', 'Sulphate', 'indicator'),
  mg('sodium', 'Sodium', 'indicator'),
  param('taste', 'Taste', 'indicator', 'dilution number', [{ unit: 'TFN', factor: 1 }]),
  param('toc', 'Total organic carbon (TOC)', 'indicator', 'mg/L C', [{ unit: 'mg C/L', factor: 1, aliases: ['mg/L'] }]),
  param('turbidity', 'Turbidity', 'indicator', 'NTU', TURBIDITY_ALTERNATIVES, ['turbidity']),
  // Operational (no Annex I value): disinfection residual and temperature
  param('free_chlorine', 'Free chlorine', 'operational', MG_L, [{ unit: 'mg/L Cl2', factor: 1, aliases: ['mg Cl2/L'] }, { unit: 'µg/L', factor: 0.001 }], ['chlorine']),
  param('temperature', 'Water temperature', 'operational', '°C', [], ['temperature']),
];

const BY_CODE = new Map(PARAMETERS.map((p) => [p.code, p]));

/** The parameter of a code, or undefined. */
export const parameterOf = (code: string): Parameter | undefined => BY_CODE.get(code);

/** The parameter a sensor kind measures, or undefined (pressure, flow...). */
export const parameterOfSensorKind = (kind: SensorKind): Parameter | undefined => PARAMETERS.find((p) => p.sensorKinds.includes(kind));

const A = 'Directive (EU) 2020/2184, Annex I, Part A';
const B = 'Directive (EU) 2020/2184, Annex I, Part B';
const C = 'Directive (EU) 2020/2184, Annex I, Part C';
const WHO = 'WHO GDWQ 4th ed. + 1st and 2nd addenda (2022), Annex 3, Table A3.3';

const unitOf = (code: string): string => {
  const p = BY_CODE.get(code);
  if (!p) throw new Error(`catalogue: no parameter ${code}`);
  return p.unit;
};
const max = (parameter: string, value: number, source: string, extra: Partial<Limit> = {}): Limit => ({ parameter, min: null, max: value, unit: unitOf(parameter), source, ...extra });
const text = (parameter: string, words: string, source: string): Limit => ({ parameter, min: null, max: null, unit: unitOf(parameter), text: words, source });

/** The day the Directive's transitional values for lead and chromium end (Annex I, Part B, notes 4 and 5). */
export const DWD_TRANSITION_END = '2036-01-12';

export const EU_DWD: BuiltInLimitSet = {
  id: 'eu-dwd-2020-2184',
  name: 'EU Drinking Water Directive 2020/2184, Annex I',
  kind: 'regulatory',
  source: 'Directive (EU) 2020/2184 of 16 December 2020, OJ L 435, 23.12.2020, Annex I',
  enforced: true,
  limits: [
    max('e_coli', 0, A),
    max('enterococci', 0, A),
    max('acrylamide', 0.1, B, { note: 'residual monomer concentration calculated from the maximum release of the polymer in contact with water' }),
    max('antimony', 10, B),
    max('arsenic', 10, B),
    max('benzene', 1, B),
    max('benzo_a_pyrene', 0.01, B),
    max('bisphenol_a', 2.5, B),
    max('boron', 1.5, B, { note: '2.4 mg/L where desalinated water is the predominant source or in regions where geological conditions could lead to high levels in ground water' }),
    max('bromate', 10, B),
    max('cadmium', 5, B),
    max('chlorate', 0.25, B, { note: '0.70 mg/L where a disinfection method that generates chlorate, in particular chlorine dioxide, is used' }),
    max('chlorite', 0.25, B, { note: '0.70 mg/L where a disinfection method that generates chlorite, in particular chlorine dioxide, is used' }),
    max('chromium', 50, B, { validUntil: DWD_TRANSITION_END, note: 'transitional value until 12 January 2036' }),
    max('chromium', 25, B, { validFrom: DWD_TRANSITION_END }),
    max('copper', 2, B),
    max('cyanide', 50, B),
    max('dichloroethane_1_2', 3, B),
    max('epichlorohydrin', 0.1, B),
    max('fluoride', 1.5, B),
    max('haa5', 60, B),
    max('lead', 10, B, { validUntil: DWD_TRANSITION_END, note: 'transitional value until 12 January 2036' }),
    max('lead', 5, B, { validFrom: DWD_TRANSITION_END }),
    max('mercury', 1, B),
    max('microcystin_lr', 1, B),
    max('nickel', 20, B),
    max('nitrate', 50, B, { note: 'and [nitrate]/50 + [nitrite]/3 <= 1 (square brackets: concentrations in mg/L)' }),
    max('nitrite', 0.5, B, { note: 'at the tap' }),
    max('nitrite', 0.1, B, { appliesAt: ['plant_outlet'], note: 'in water leaving the treatment works' }),
    max('pesticide_individual', 0.1, B, { note: 'aldrin, dieldrin, heptachlor and heptachlor epoxide: 0.030 µg/L' }),
    max('pesticides_total', 0.5, B),
    max('pfas_total', 0.5, B),
    max('pfas_sum', 0.1, B),
    max('pah', 0.1, B),
    max('selenium', 20, B, { note: '30 µg/L in regions where geological conditions could lead to high levels in ground water' }),
    max('tetrachloroethene_trichloroethene', 10, B),
    max('thm_total', 100, B),
    max('uranium', 30, B),
    max('vinyl_chloride', 0.5, B),
    max('aluminium', 200, C),
    max('ammonium', 0.5, C),
    max('chloride', 250, C, { note: 'the water should not be aggressive' }),
    max('clostridium_perfringens', 0, C, { note: 'where the risk assessment indicates it is appropriate' }),
    max('coliform_bacteria', 0, C),
    text('colony_count_22', 'No abnormal change', C),
    text('colour', 'Acceptable to consumers and no abnormal change', C),
    max('conductivity', 2500, C, { note: 'at 20 °C; the water should not be aggressive' }),
    { parameter: 'ph', min: 6.5, max: 9.5, unit: 'pH', source: C, note: 'the water should not be aggressive; minimum 4.5 for still bottled water' },
    max('iron', 200, C),
    max('manganese', 50, C),
    text('odour', 'Acceptable to consumers and no abnormal change', C),
    max('oxidisability', 5, C, { note: 'need not be measured if TOC is analysed' }),
    max('sulphate', 250, C, { note: 'the water should not be aggressive' }),
    max('sodium', 200, C),
    text('taste', 'Acceptable to consumers and no abnormal change', C),
    text('toc', 'No abnormal change', C),
    text('turbidity', 'Acceptable to consumers and no abnormal change', C),
  ],
};

export const WHO_GDWQ: BuiltInLimitSet = {
  id: 'who-gdwq-2022',
  name: 'WHO Guidelines for drinking-water quality (4th ed., 2022)',
  kind: 'guideline',
  source: 'WHO Guidelines for drinking-water quality, 4th edition incorporating the first and second addenda, Geneva 2022',
  enforced: false,
  limits: [
    max('e_coli', 0, 'WHO GDWQ (2022), chapter 7, Table 7.10', { note: 'must not be detectable in any 100 mL sample' }),
    max('acrylamide', 0.5, WHO),
    max('antimony', 20, WHO),
    max('arsenic', 10, WHO, { note: '(P)' }),
    max('benzene', 10, WHO),
    max('benzo_a_pyrene', 0.7, WHO),
    max('boron', 2.4, WHO),
    max('bromate', 10, WHO, { note: '(P)' }),
    max('cadmium', 3, WHO),
    max('chlorate', 0.7, WHO, { note: '(P)' }),
    max('chlorite', 0.7, WHO, { note: '(P)' }),
    max('chromium', 50, WHO, { note: 'total chromium (P)' }),
    max('copper', 2, WHO),
    max('dichloroethane_1_2', 30, WHO),
    max('epichlorohydrin', 0.4, WHO, { note: '(P)' }),
    max('fluoride', 1.5, WHO),
    max('lead', 10, WHO, { note: '(P)' }),
    max('mercury', 6, WHO, { note: 'inorganic mercury' }),
    max('microcystin_lr', 1, WHO, { note: 'lifetime value, total microcystin-LR (P)' }),
    max('nickel', 70, WHO),
    max('nitrate', 50, WHO, { note: 'as nitrate ion, short-term exposure' }),
    max('nitrite', 3, WHO, { note: 'as nitrite ion, short-term exposure' }),
    max('selenium', 40, WHO, { note: '(P)' }),
    max('uranium', 30, WHO, { note: '(P)' }),
    max('vinyl_chloride', 0.3, WHO),
    {
      parameter: 'free_chlorine',
      min: 0.2,
      max: 5,
      unit: MG_L,
      source: 'WHO GDWQ (2022), Table A3.3 (chlorine, 5 mg/L) and chapter 8 (residual at the point of delivery)',
      note: 'maximum: health-based guideline value; minimum: residual recommended at the point of delivery',
    },
  ],
};

export const BUILT_IN_LIMIT_SETS: readonly BuiltInLimitSet[] = [EU_DWD, WHO_GDWQ];

/** Whether a limit is in force on `day` (ISO date) at a point of `kind` (undefined: any point, so only limits for every point). */
export function limitInForce(limit: Limit, day: string, kind?: SamplingPointKind): boolean {
  if (limit.validFrom && day < limit.validFrom) return false;
  if (limit.validUntil && day >= limit.validUntil) return false;
  if (limit.appliesAt) return kind !== undefined && limit.appliesAt.includes(kind);
  return true;
}
