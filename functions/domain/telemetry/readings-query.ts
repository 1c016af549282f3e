/**
 * From the query string of `GET /v1/sensors/{id}/readings` to a store query, and the
 * cursor the route answers. The store's cursors are bound to the exact range they were
 * made for; the route's defaults (`to` = now, `from` = 24 h before) move with the clock,
 * so the route's cursor also carries the range: a next page resumes the same range
 * without the client repeating `from` and `to`.
 */
import type { TelemetryQuery } from './store';

export const DEFAULT_RANGE_MS = 24 * 3_600_000;

/** The validated query string (instants already in epoch ms): a store query of the route's sensor, whose range may be left to the defaults. */
export type ReadingsParams = Omit<TelemetryQuery, 'sensorId' | 'from' | 'to'> & {
  readonly from?: number;
  readonly to?: number;
};

interface RouteCursor {
  readonly f: number;
  readonly t: number;
  readonly c: string;
}

/** The store query, or `undefined` when the cursor is not one this route made. */
export function readingsQuery(sensorId: string, p: ReadingsParams, now: number): TelemetryQuery | undefined {
  let range: { from: number; to: number };
  let cursor: string | undefined;
  if (p.cursor !== undefined) {
    const decoded = unwrapCursor(p.cursor);
    if (!decoded) return undefined;
    range = { from: p.from ?? decoded.f, to: p.to ?? decoded.t };
    cursor = decoded.c;
  } else {
    const to = p.to ?? now;
    range = { from: p.from ?? to - DEFAULT_RANGE_MS, to };
  }
  return {
    sensorId,
    from: range.from,
    to: range.to,
    interval: p.interval,
    agg: p.agg,
    tz: p.tz,
    ...(p.quality ? { quality: p.quality } : {}),
    fill: p.fill,
    limit: p.limit,
    ...(cursor !== undefined ? { cursor } : {}),
  };
}

/** The route's cursor: the store's, with the range it belongs to. */
export function wrapCursor(q: Pick<TelemetryQuery, 'from' | 'to'>, storeCursor: string): string {
  const state: RouteCursor = { f: q.from, t: q.to, c: storeCursor };
  return Buffer.from(JSON.stringify(state), 'utf8').toString('base64url');
}

function unwrapCursor(text: string): RouteCursor | undefined {
  if (!/^[A-Za-z0-9_-]{1,2048}$/.test(text)) return undefined;
  try {
    const raw = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (!Number.isSafeInteger(raw.f) || !Number.isSafeInteger(raw.t) || typeof raw.c !== 'string' || raw.c.length === 0) return undefined;
    return { f: raw.f as number, t: raw.t as number, c: raw.c };
  } catch {
    return undefined;
  }
}
