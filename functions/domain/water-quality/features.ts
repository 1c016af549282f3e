/**
 * The features of the water-quality model, from a sampling point's hourly means (one
 * sensor per parameter at the site: free chlorine, turbidity, temperature, pH), and the
 * outcomes it learns. Pure.
 *
 * Each input an operator knows is one feature; a feature enters the model through one or
 * more columns (chlorine through its value and its logarithm: first-order decay is
 * multiplicative; temperature through its Arrhenius factor; the hour through two
 * harmonics of the day, whatever the site's time zone), and some columns join two
 * features (the hour times the water's state). Explanations are given per feature
 * (predictor.ts: exact Shapley values of the columns, shared between the features a
 * column joins).
 */

/** A sampling point's hour: each parameter's hourly mean, null when its sensor sent nothing. */
export interface QualityHour {
  /** Start of the hour, ms. */
  readonly ts: number;
  readonly chlorine: number | null;
  readonly turbidity: number | null;
  readonly temperature: number | null;
  readonly ph: number | null;
}

/** The current values and their recent change, as a prediction reads them. */
export interface QualityInputs {
  /** Free chlorine, mg/L. */
  readonly chlorine: number;
  readonly turbidity: number;
  readonly temperature: number;
  readonly ph: number;
  /** Change of free chlorine over the last 3 hours, mg/L (0 when unknown). */
  readonly chlorineTrend: number;
  /** Change of turbidity over the last 3 hours, NTU (0 when unknown). */
  readonly turbidityTrend: number;
  /** Hour of day, UTC, 0-23.99. */
  readonly hourUtc: number;
}

export const FEATURES = [
  { name: 'chlorine', unit: 'mg/L', label: 'free chlorine' },
  { name: 'chlorineTrend', unit: 'mg/L per 3 h', label: 'the change of free chlorine over 3 hours' },
  { name: 'temperature', unit: '°C', label: 'water temperature' },
  { name: 'turbidity', unit: 'NTU', label: 'turbidity' },
  { name: 'turbidityTrend', unit: 'NTU per 3 h', label: 'the change of turbidity over 3 hours' },
  { name: 'ph', unit: 'pH', label: 'pH' },
  { name: 'hourUtc', unit: 'h (UTC)', label: 'the hour of day (demand cycle)' },
] as const;
export type FeatureName = (typeof FEATURES)[number]['name'];

/** Hours back the trends look. */
export const TREND_HOURS = 3;
/** Chlorine below this is read as this in the logarithm (an analyser's floor). */
const CHLORINE_FLOOR = 0.01;

/**
 * The columns of the model, each tied to the one or two features it is a function of. The
 * hour enters through two harmonics of the day (the demand cycle in any time zone), and
 * so does its interaction with the water's state: the same chlorine is riskier before the
 * night, when the water in the mains ages, and warm or turbid water loses more on the way.
 */
export interface Column {
  readonly features: readonly [FeatureName] | readonly [FeatureName, FeatureName];
  readonly of: (x: QualityInputs) => number;
}

/**
 * Temperature enters as the factor it puts on chlorine's bulk decay rate, relative to 20 °C,
 * by the Arrhenius law with E/R = 6000 K (an activation energy near 50 kJ/mol, in the range
 * reported for bulk chlorine decay): the rate is exponential in temperature, so a model
 * trained on winter water extrapolates to summer water along the physics, not a line.
 */
export const decayFactor = (temperature: number): number => Math.exp(6000 * (1 / 293.15 - 1 / (Math.max(temperature, -20) + 273.15)));

const angle = (x: QualityInputs) => (2 * Math.PI * x.hourUtc) / 24;
const HARMONICS: readonly ((x: QualityInputs) => number)[] = [(x) => Math.sin(angle(x)), (x) => Math.cos(angle(x)), (x) => Math.sin(2 * angle(x)), (x) => Math.cos(2 * angle(x))];
const STATE: readonly { feature: FeatureName; of: (x: QualityInputs) => number }[] = [
  { feature: 'chlorine', of: (x) => Math.log(Math.max(x.chlorine, CHLORINE_FLOOR)) },
  { feature: 'temperature', of: (x) => decayFactor(x.temperature) },
  { feature: 'turbidity', of: (x) => x.turbidity },
  { feature: 'ph', of: (x) => x.ph },
  { feature: 'chlorineTrend', of: (x) => x.chlorineTrend },
];

export const COLUMNS: readonly Column[] = [
  { features: ['chlorine'], of: (x) => x.chlorine },
  { features: ['chlorine'], of: (x) => Math.log(Math.max(x.chlorine, CHLORINE_FLOOR)) },
  { features: ['chlorineTrend'], of: (x) => x.chlorineTrend },
  { features: ['temperature'], of: (x) => decayFactor(x.temperature) },
  { features: ['turbidity'], of: (x) => x.turbidity },
  { features: ['turbidityTrend'], of: (x) => x.turbidityTrend },
  { features: ['ph'], of: (x) => x.ph },
  ...HARMONICS.map((h): Column => ({ features: ['hourUtc'], of: h })),
  ...STATE.flatMap((v) => HARMONICS.map((h): Column => ({ features: [v.feature, 'hourUtc'], of: (x) => v.of(x) * h(x) }))),
];

export const columnsOf = (x: QualityInputs): number[] => COLUMNS.map((c) => c.of(x));

/** One training example: the inputs at an hour and what followed within the horizon. */
export interface Example {
  readonly ts: number;
  readonly inputs: QualityInputs;
  /** Free chlorine fell below the limit in one of the next `horizon` hours. */
  readonly below: boolean;
  /** The lowest free chlorine of the next `horizon` hours, mg/L. */
  readonly minimum: number;
}

const complete = (h: QualityHour | undefined): h is QualityHour & { chlorine: number; turbidity: number; temperature: number; ph: number } =>
  !!h && h.chlorine !== null && h.turbidity !== null && h.temperature !== null && h.ph !== null;

/** The inputs at hour `i` of contiguous hours, or undefined when a value (or the hour 3 h before) is missing. */
export function inputsAt(hours: readonly QualityHour[], i: number): QualityInputs | undefined {
  const now = hours[i];
  const before = hours[i - TREND_HOURS];
  if (!complete(now) || !complete(before)) return undefined;
  return {
    chlorine: now.chlorine,
    turbidity: now.turbidity,
    temperature: now.temperature,
    ph: now.ph,
    chlorineTrend: now.chlorine - before.chlorine,
    turbidityTrend: now.turbidity - before.turbidity,
    hourUtc: new Date(now.ts).getUTCHours(),
  };
}

/**
 * The examples of contiguous hours (one per hour, `hours[i].ts = hours[0].ts + i h`): every
 * hour with complete inputs whose next `horizon` hours all have a chlorine value.
 */
export function examplesOf(hours: readonly QualityHour[], limit: number, horizon: number): Example[] {
  const out: Example[] = [];
  for (let i = TREND_HOURS; i + horizon < hours.length; i++) {
    const inputs = inputsAt(hours, i);
    if (!inputs) continue;
    let minimum = Number.POSITIVE_INFINITY;
    for (let h = i + 1; h <= i + horizon; h++) {
      const c = hours[h]!.chlorine;
      if (c === null) {
        minimum = Number.NaN;
        break;
      }
      minimum = Math.min(minimum, c);
    }
    if (Number.isNaN(minimum)) continue;
    out.push({ ts: hours[i]!.ts, inputs, below: minimum < limit, minimum });
  }
  return out;
}

/** Contiguous hours from `from` to `to` (exclusive) out of per-parameter hourly means (missing hours null). */
export function alignHours(from: number, to: number, series: Record<'chlorine' | 'turbidity' | 'temperature' | 'ph', readonly { ts: number; value: number }[]>): QualityHour[] {
  const HOUR = 3_600_000;
  const start = Math.ceil(from / HOUR) * HOUR;
  const n = Math.max(0, Math.ceil((to - start) / HOUR));
  const grid = (samples: readonly { ts: number; value: number }[]) => {
    const values: (number | null)[] = new Array<number | null>(n).fill(null);
    for (const s of samples) {
      const i = Math.round((s.ts - start) / HOUR);
      if (i >= 0 && i < n) values[i] = s.value;
    }
    return values;
  };
  const [c, t, temp, ph] = [grid(series.chlorine), grid(series.turbidity), grid(series.temperature), grid(series.ph)];
  return Array.from({ length: n }, (_, i) => ({ ts: start + i * HOUR, chlorine: c[i]!, turbidity: t[i]!, temperature: temp[i]!, ph: ph[i]! }));
}

/** The lowest chlorine is regressed on a log scale for the interval (decay is multiplicative). */
export const logChlorine = (c: number): number => Math.log(Math.max(c, CHLORINE_FLOOR));
