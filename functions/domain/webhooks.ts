/**
 * Pure rules of webhook delivery (no I/O): the Standard Webhooks signature, the
 * payload filter of a subscription, which subscriptions an event goes to, and the
 * retry schedule. The worker and the routes call these; tests verify the signature
 * with the official `standardwebhooks` package.
 */
import { createHmac, randomBytes } from 'node:crypto';
import * as z from 'zod';

/** Delays after each failed attempt (7 retries, 8 attempts in all), as Svix/Standard Webhooks. */
export const RETRY_SCHEDULE_SECONDS = [5, 300, 1800, 7200, 18_000, 36_000, 36_000] as const;
/** SQS's longest message delay: a longer wait is re-queued in steps of at most this. */
export const MAX_QUEUE_DELAY_SECONDS = 900;
/** An endpoint whose every attempt failed for this long is disabled. */
export const DISABLE_AFTER_FAILING_MS = 5 * 86_400_000;
/** A rotated-out secret keeps signing (a second signature) for this long. */
export const ROTATION_OVERLAP_MS = 24 * 3_600_000;

/** `whsec_` + base64 of `bytes` random bytes (24..64). */
export function newWebhookSecret(bytes = 32): string {
  if (bytes < 24 || bytes > 64) throw new RangeError('a webhook secret has 24 to 64 random bytes');
  return `whsec_${randomBytes(bytes).toString('base64')}`;
}

/** `v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">` with the secret's key bytes. */
export function signature(secret: string, id: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`).digest('base64')}`;
}

/** The three Standard Webhooks headers; every secret still valid signs (space-separated). */
export function webhookHeaders(secrets: readonly string[], id: string, timestampSeconds: number, body: string): Record<string, string> {
  if (secrets.length === 0) throw new Error('no signing secret');
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': secrets.map((s) => signature(s, id, timestampSeconds, body)).join(' '),
  };
}

export type FilterOp = 'eq' | 'ne' | 'in' | 'gt' | 'lt' | 'exists';
export interface FilterCondition {
  readonly path: string;
  readonly op: FilterOp;
  readonly value?: unknown;
}

function valueAt(payload: unknown, path: string): unknown {
  let current: unknown = payload;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, part)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function holds(payload: unknown, c: FilterCondition): boolean {
  const v = valueAt(payload, c.path);
  switch (c.op) {
    case 'exists':
      return c.value === false ? v === undefined : v !== undefined;
    case 'eq':
      return v !== undefined && JSON.stringify(v) === JSON.stringify(c.value);
    case 'ne':
      return JSON.stringify(v) !== JSON.stringify(c.value);
    case 'in':
      return Array.isArray(c.value) && c.value.some((x) => JSON.stringify(x) === JSON.stringify(v));
    case 'gt':
    case 'lt': {
      if (typeof v === 'number' && typeof c.value === 'number') return c.op === 'gt' ? v > c.value : v < c.value;
      if (typeof v === 'string' && typeof c.value === 'string') return c.op === 'gt' ? v > c.value : v < c.value;
      return false;
    }
  }
}

/** True when every condition holds on the event (paths start at the envelope: `data.priority`). */
export const matchesFilter = (payload: unknown, filter: readonly FilterCondition[] | undefined): boolean => (filter ?? []).every((c) => holds(payload, c));

export interface SubscriptionView {
  readonly id: string;
  readonly enabled: boolean;
  readonly eventTypes: readonly string[];
  readonly filter?: readonly FilterCondition[];
}

/** Whether an event goes to a subscription; `webhook.test` goes only to the endpoint it tests. */
export function subscriptionMatches(sub: SubscriptionView, event: { type: string; data: unknown }): boolean {
  if (!sub.enabled) return false;
  if (event.type === 'webhook.test') return (event.data as { webhookId?: string } | null)?.webhookId === sub.id;
  if (!sub.eventTypes.includes('*') && !sub.eventTypes.includes(event.type)) return false;
  return matchesFilter(event, sub.filter);
}

/** Standard Webhooks body `{type, timestamp, data}`, or a Slack incoming-webhook message. */
export function deliveryBody(format: 'standard' | 'slack', event: { type: string; occurredAt: string; data: unknown }): string {
  if (format === 'standard') return JSON.stringify({ type: event.type, timestamp: event.occurredAt, data: event.data });
  const d = (event.data ?? {}) as Record<string, unknown>;
  const detail = typeof d.message === 'string' ? d.message : typeof d.title === 'string' ? d.title : '';
  return JSON.stringify({ text: `*${event.type}* at ${event.occurredAt}${detail ? `: ${detail}` : ''}` });
}

export type AttemptOutcome =
  | { readonly kind: 'succeeded' }
  | { readonly kind: 'retry'; readonly delaySeconds: number }
  | { readonly kind: 'failed' }
  | { readonly kind: 'endpoint-gone' };

/**
 * What follows attempt number `attempt` (1-based) that answered `status` (undefined:
 * no answer, timeout, refused address). Only 2xx succeeds; 410 disables the endpoint;
 * 429 and 503 honour Retry-After (seconds) when it is longer than the schedule's step.
 */
export function nextAfterAttempt(attempt: number, status: number | undefined, retryAfterSeconds?: number): AttemptOutcome {
  if (status !== undefined && status >= 200 && status < 300) return { kind: 'succeeded' };
  if (status === 410) return { kind: 'endpoint-gone' };
  const step = RETRY_SCHEDULE_SECONDS[attempt - 1];
  if (step === undefined) return { kind: 'failed' };
  const honoured = (status === 429 || status === 503) && retryAfterSeconds !== undefined && retryAfterSeconds > step ? retryAfterSeconds : step;
  return { kind: 'retry', delaySeconds: honoured };
}

/** What follows a manual attempt (a retry or a replay of a finished delivery): one attempt, no schedule. */
export function nextAfterManualAttempt(status: number | undefined): AttemptOutcome {
  if (status !== undefined && status >= 200 && status < 300) return { kind: 'succeeded' };
  return status === 410 ? { kind: 'endpoint-gone' } : { kind: 'failed' };
}

/** `Retry-After` as seconds (delta or HTTP date), or undefined. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - nowMs) / 1000));
}

/** The delay of the next SQS send towards a due time: at most 15 minutes, re-queued until due. */
export const queueDelayTowards = (dueAtMs: number, nowMs: number): number => Math.max(0, Math.min(MAX_QUEUE_DELAY_SECONDS, Math.ceil((dueAtMs - nowMs) / 1000)));

/** Whether an endpoint failing since `failingSinceMs` must now be disabled. */
export const failingTooLong = (failingSinceMs: number | undefined, nowMs: number): boolean =>
  failingSinceMs !== undefined && nowMs - failingSinceMs >= DISABLE_AFTER_FAILING_MS;

/**
 * A message of the `webhook-deliveries` queue: one attempt of one delivery,
 * `{tenant, webhookId, deliveryId, attempt, dueAt, trigger}`.
 */
export const DeliveryJob = z.object({
  tenant: z.string().min(1).max(64),
  webhookId: z.string().min(1).max(64),
  deliveryId: z.string().min(1).max(64),
  attempt: z.int().min(1).max(100),
  dueAt: z.iso.datetime({ offset: true }),
  trigger: z.enum(['scheduled', 'manual']),
});
export type DeliveryJob = z.infer<typeof DeliveryJob>;
