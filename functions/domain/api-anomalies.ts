/**
 * API usage anomalies of one key in one hour, judged against the key's own recent
 * history: mostly failing calls, a rate spike, scanning (404s across many ids),
 * many user agents. Pure; thresholds are explicit so they can be tuned.
 */
import { domainEvent } from './events';

export interface KeyHourStats {
  /** Hour as `YYYY-MM-DDTHH`. */
  readonly hour: string;
  readonly calls: number;
  readonly clientErrors: number;
  /** Distinct resource ids that answered 404 (hashed). */
  readonly notFoundIds: number;
  /** Distinct user agents (hashed). */
  readonly userAgents: number;
}

export type AnomalyKind = 'mostly-client-errors' | 'rate-spike' | 'scanning' | 'many-user-agents';

export interface Anomaly {
  readonly kind: AnomalyKind;
  readonly detail: string;
}

export const THRESHOLDS = {
  /** Below this many calls an hour, ratios mean little. */
  minCalls: 20,
  errorRatio: 0.5,
  /** Calls this many times the key's hourly average of the previous day. */
  spikeFactor: 5,
  spikeMinCalls: 100,
  scanningIds: 20,
  userAgents: 10,
} as const;

export function detectAnomalies(current: KeyHourStats, previous: readonly KeyHourStats[]): Anomaly[] {
  const found: Anomaly[] = [];
  if (current.calls >= THRESHOLDS.minCalls && current.clientErrors / current.calls > THRESHOLDS.errorRatio) {
    found.push({ kind: 'mostly-client-errors', detail: `${current.clientErrors} of ${current.calls} calls answered 4xx` });
  }
  const average = previous.length ? previous.reduce((sum, h) => sum + h.calls, 0) / previous.length : 0;
  if (current.calls >= THRESHOLDS.spikeMinCalls && current.calls > THRESHOLDS.spikeFactor * Math.max(average, 1)) {
    found.push({ kind: 'rate-spike', detail: `${current.calls} calls against an hourly average of ${average.toFixed(1)}` });
  }
  if (current.notFoundIds >= THRESHOLDS.scanningIds) {
    found.push({ kind: 'scanning', detail: `404 on ${current.notFoundIds} different ids` });
  }
  if (current.userAgents >= THRESHOLDS.userAgents) {
    found.push({ kind: 'many-user-agents', detail: `${current.userAgents} different user agents` });
  }
  return found;
}

/** `YYYY-MM-DDTHH` of a time, in UTC. */
export const hourOf = (time: number): string => new Date(time).toISOString().slice(0, 13);

/** A key's flagged hour, as kept and listed at GET /v1/admin/anomalies. */
export interface AnomalyRecord {
  readonly id: string;
  readonly apiKeyId: string;
  readonly apiKeyName: string | null;
  readonly hour: string;
  readonly anomalies: readonly Anomaly[];
  readonly detectedAt: string;
}

/**
 * `api.anomaly_detected`: a key's hour looked wrong. Its id is fixed per key and hour, so
 * a rerun of the hourly analysis notifies once.
 */
export function apiAnomalyDetectedEvent(tenant: string, record: AnomalyRecord) {
  const { id: anomalyId, apiKeyId, apiKeyName, hour, anomalies } = record;
  return domainEvent('api.anomaly_detected', `api.anomaly_detected:${anomalyId}`, tenant, record.detectedAt, {
    anomalyId,
    apiKeyId,
    apiKeyName,
    hour,
    kinds: anomalies.map((a) => a.kind),
    anomalies,
  });
}
