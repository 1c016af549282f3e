/** Telemetry: what sensors report, and what queries over their readings return. */

export const QUALITIES = ['GOOD', 'UNCERTAIN', 'BAD'] as const;
export type Quality = (typeof QUALITIES)[number];

export const SENSOR_KINDS = ['ph', 'turbidity', 'chlorine', 'temperature', 'pressure', 'flow', 'level', 'conductivity', 'acoustic'] as const;
export type SensorKind = (typeof SENSOR_KINDS)[number];

export const INTERVALS = ['raw', '1m', '5m', '15m', '1h', '1d', '1w', '1mo'] as const;
export type Interval = (typeof INTERVALS)[number];

export const AGGREGATIONS = ['avg', 'min', 'max', 'sum', 'count', 'first', 'last', 'stddev'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

export const FILLS = ['none', 'null', 'previous', 'linear'] as const;
export type Fill = (typeof FILLS)[number];

/** A sensor's id is the device's own code, e.g. `PH_001`. */
export const SENSOR_ID_PATTERN = /^[A-Z0-9_]{2,64}$/;

/** One measurement of one sensor. Identity is `sensorId` + `ts`: the same pair is stored once. */
export interface Reading {
  readonly sensorId: string;
  /** Epoch milliseconds (UTC). */
  readonly ts: number;
  readonly value: number;
  readonly quality: Quality;
  readonly unit?: string;
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/** One point of a query answer: a raw reading (`count` 1) or a time bucket. */
export interface Point {
  /** ISO 8601 in the query's time zone, with its offset (`Z` when the offset is zero). */
  readonly ts: string;
  /** `null` for an empty bucket left unfilled, or an aggregate that is undefined (stddev of one value). */
  readonly value: number | null;
  /** Readings that fell in the bucket (0 for a filled, empty bucket). */
  readonly count: number;
  /** Raw points only. */
  readonly quality?: Quality;
}
