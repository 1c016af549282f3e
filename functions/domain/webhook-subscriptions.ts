/**
 * Webhook subscriptions and their deliveries (pure): what a subscription holds, how a
 * patch applies, which signing secrets are live, how an attempt changes a delivery and
 * the endpoint's health. The routes and the two webhook workers call these; the
 * repository only stores what they return.
 */
import { domainEvent, type DomainEvent } from './events';
import { failingTooLong, ROTATION_OVERLAP_MS, subscriptionMatches, type AttemptOutcome, type FilterCondition } from './webhooks';

export interface WebhookSubscription {
  readonly id: string;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly url: string;
  readonly eventTypes: readonly string[];
  readonly description: string | null;
  readonly filter: readonly FilterCondition[];
  readonly format: 'standard' | 'slack';
  readonly enabled: boolean;
  /** Set when Hydrant disabled the endpoint (410, failing too long); a user's PATCH clears it. */
  readonly disabledReason: string | null;
  /** First failed attempt since the last success. */
  readonly failingSince: string | null;
  readonly secretRotatedAt: string | null;
}

/** A signing secret as stored: sealed by the secrets port, with the time it stops signing. */
export interface SealedSecret {
  readonly sealed: string;
  readonly createdAt: string;
  /** Null for the current secret; 24 h after a rotation for the previous one. */
  readonly retiresAt: string | null;
}

export interface NewWebhook {
  readonly url: string;
  readonly eventTypes: readonly string[];
  readonly description?: string;
  readonly filter?: readonly FilterCondition[];
  readonly format: 'standard' | 'slack';
  readonly enabled: boolean;
}

export type WebhookPatch = Partial<Omit<NewWebhook, 'description'>> & { readonly description?: string | null };

export function newSubscription(id: string, input: NewWebhook, now: string): WebhookSubscription {
  return {
    id,
    version: 1,
    createdAt: now,
    updatedAt: now,
    url: input.url,
    eventTypes: [...input.eventTypes],
    description: input.description ?? null,
    filter: [...(input.filter ?? [])],
    format: input.format,
    enabled: input.enabled,
    disabledReason: null,
    failingSince: null,
    secretRotatedAt: null,
  };
}

/** A user's change; enabling (again) forgets why Hydrant had disabled the endpoint and its failures. */
export function applyWebhookPatch(sub: WebhookSubscription, patch: WebhookPatch, now: string): WebhookSubscription {
  const enabling = patch.enabled === true && !sub.enabled;
  return {
    ...sub,
    ...(patch.url !== undefined ? { url: patch.url } : {}),
    ...(patch.eventTypes !== undefined ? { eventTypes: [...patch.eventTypes] } : {}),
    ...(patch.description !== undefined ? { description: patch.description } : {}),
    ...(patch.filter !== undefined ? { filter: [...patch.filter] } : {}),
    ...(patch.format !== undefined ? { format: patch.format } : {}),
    ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
    ...(enabling || patch.enabled === false ? { disabledReason: null } : {}),
    ...(enabling ? { failingSince: null } : {}),
    version: sub.version + 1,
    updatedAt: now,
  };
}

/** The secrets that still sign at `now`: the current one and a rotated-out one for 24 h. */
export const liveSecrets = (secrets: readonly SealedSecret[], now: string): SealedSecret[] => secrets.filter((s) => s.retiresAt === null || s.retiresAt > now);

/** After a rotation: the new secret is current, the old current one retires in 24 h, anything older is dropped. */
export function rotatedSecrets(secrets: readonly SealedSecret[], fresh: string, now: string): SealedSecret[] {
  const retiresAt = new Date(Date.parse(now) + ROTATION_OVERLAP_MS).toISOString();
  const previous = secrets.find((s) => s.retiresAt === null);
  return [{ sealed: fresh, createdAt: now, retiresAt: null }, ...(previous ? [{ ...previous, retiresAt }] : [])];
}

export type DeliveryStatus = 'pending' | 'succeeded' | 'failed';

export interface DeliveryAttempt {
  readonly attempt: number;
  readonly trigger: 'scheduled' | 'manual';
  readonly at: string;
  readonly statusCode: number | null;
  readonly latencyMs: number;
  readonly error: string | null;
  readonly responseStart: string | null;
}

/** The event a delivery carries: the outbox envelope. */
export interface DeliveredEvent {
  readonly id: string;
  readonly type: string;
  readonly occurredAt: string;
  readonly tenant: string;
  readonly data: unknown;
}

export interface WebhookDelivery {
  /** The event's id, so a webhook gets an event once, and the `webhook-id` of every attempt. */
  readonly id: string;
  readonly webhookId: string;
  readonly eventType: string;
  readonly event: DeliveredEvent;
  readonly status: DeliveryStatus;
  readonly attempts: readonly DeliveryAttempt[];
  readonly nextAttemptAt: string | null;
  readonly lastError: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export function newDelivery(webhookId: string, event: DeliveredEvent, now: string): WebhookDelivery {
  return { id: event.id, webhookId, eventType: event.type, event, status: 'pending', attempts: [], nextAttemptAt: now, lastError: null, createdAt: now, updatedAt: now };
}

/** What the delivery log shows: everything but the event's payload. */
export function deliveryView(d: WebhookDelivery): Omit<WebhookDelivery, 'event'> {
  const { event: _event, ...view } = d;
  return view;
}

/** The short reason an attempt failed, for the log and the notification. */
export const attemptError = (a: Pick<DeliveryAttempt, 'statusCode' | 'error'>): string | null =>
  a.error ?? (a.statusCode !== null && (a.statusCode < 200 || a.statusCode >= 300) ? `HTTP ${a.statusCode}` : null);

/** A delivery after an attempt and what follows it (a scheduled retry sets nextAttemptAt). */
export function afterAttempt(d: WebhookDelivery, attempt: DeliveryAttempt, outcome: AttemptOutcome, now: string): WebhookDelivery {
  const attempts = [...d.attempts, attempt];
  const lastError = attemptError(attempt);
  switch (outcome.kind) {
    case 'succeeded':
      return { ...d, attempts, status: 'succeeded', nextAttemptAt: null, lastError: null, updatedAt: now };
    case 'retry':
      return { ...d, attempts, status: 'pending', nextAttemptAt: new Date(Date.parse(now) + outcome.delaySeconds * 1000).toISOString(), lastError, updatedAt: now };
    case 'failed':
      return { ...d, attempts, status: 'failed', nextAttemptAt: null, lastError, updatedAt: now };
    case 'endpoint-gone':
      return { ...d, attempts, status: 'failed', nextAttemptAt: null, lastError: `${lastError ?? 'HTTP 410'}: the endpoint is gone and was disabled`, updatedAt: now };
  }
}

/** The change to an endpoint's health an attempt implies, or undefined when none. */
export type HealthChange =
  | { readonly kind: 'recovered' }
  | { readonly kind: 'failing'; readonly since: string }
  | { readonly kind: 'disable'; readonly reason: string; readonly since: string };

export function healthAfter(sub: Pick<WebhookSubscription, 'failingSince'>, outcome: AttemptOutcome, now: string): HealthChange | undefined {
  if (outcome.kind === 'succeeded') return sub.failingSince ? { kind: 'recovered' } : undefined;
  const since = sub.failingSince ?? now;
  if (outcome.kind === 'endpoint-gone') return { kind: 'disable', reason: 'The endpoint answered 410 Gone', since };
  if (failingTooLong(Date.parse(since), Date.parse(now))) return { kind: 'disable', reason: 'Every attempt failed for 5 days', since };
  return sub.failingSince ? undefined : { kind: 'failing', since };
}

/** Whether an event goes to a subscription: enabled, matching types and filter, and not older than the subscription. */
export const wantsEvent = (sub: WebhookSubscription, event: DeliveredEvent): boolean => Date.parse(event.occurredAt) >= Date.parse(sub.createdAt) && subscriptionMatches(sub, event);

/** A finished delivery opened again for one manual attempt (a retry, or a replay of a failed one). */
export const reopened = (d: WebhookDelivery, now: string): WebhookDelivery => ({ ...d, status: 'pending', nextAttemptAt: now, updatedAt: now });

/** Whether replay should (re)send an event to this endpoint: not yet delivered there, or failed. */
export const replayWanted = (existing: WebhookDelivery | undefined): boolean => existing === undefined || existing.status === 'failed';

/**
 * `webhook.delivery_failed`: a delivery used its last attempt (or its endpoint was
 * disabled). Its id is fixed per delivery and attempt count, so a rerun notifies once.
 */
export function webhookDeliveryFailedEvent(tenant: string, subscription: Pick<WebhookSubscription, 'id' | 'url'>, delivery: WebhookDelivery, occurredAt: string, disabled: boolean) {
  return domainEvent('webhook.delivery_failed', `webhook-failed-${subscription.id}-${delivery.id}-${delivery.attempts.length}`, tenant, occurredAt, {
    webhookId: subscription.id,
    url: subscription.url,
    deliveryId: delivery.id,
    eventType: delivery.eventType,
    lastError: delivery.lastError,
    disabled,
  });
}

/** The subscription once its signing secret is rotated: a new version, stamped with the rotation. */
export function withRotatedSecret(sub: WebhookSubscription, now: string): WebhookSubscription {
  return { ...sub, secretRotatedAt: now, version: sub.version + 1, updatedAt: now };
}

/** The `webhook.test` event's data: which endpoint it is for (only that one receives it) and who asked. */
export interface WebhookTestData {
  readonly webhookId: string;
  readonly message: string;
  readonly requestedBy: string;
}

/** The `webhook.test` event, asked for by `requestedBy` (a user name, or the caller's subject). */
export function webhookTestEvent(id: string, tenant: string, webhookId: string, requestedBy: string, occurredAt: string): DomainEvent<WebhookTestData> {
  return domainEvent('webhook.test', id, tenant, occurredAt, { webhookId, message: 'A test event from Hydrant', requestedBy });
}
