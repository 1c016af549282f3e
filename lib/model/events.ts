/**
 * Domain events: the stable envelope every producer writes into the outbox (in the
 * same transaction as the change it reports) and the relay fans out to the queues
 * below. Producers import the type list from here so the names never drift.
 */
import * as z from 'zod';

/** Every event type Hydrant emits; dot-separated, `<aggregate>.<what happened>`. */
export const EVENT_TYPES = [
  'work_order.created',
  'work_order.status_changed',
  'work_order.assigned',
  'alert.raised',
  'alert.cleared',
  'forecast.completed',
  'request.created',
  'document.available',
  'sensor.offline',
  'leak.suspected',
  'leak.cleared',
  'webhook.test',
  'pressure.transient',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/**
 * The queues the outbox relay sends every event to: `events` (webhook worker),
 * `notifications` (in-app notifications: `workers/notifications`, declared in routes/notifications),
 * `live-updates` (alert changes to the live WebSocket connections: `workers/live-updates`, lib/model/live.ts)
 * and `connector-events` (one connector run per connector that takes the event: routes/connectors).
 */
export const DOMAIN_EVENT_QUEUES = ['events', 'notifications', 'live-updates', 'connector-events'] as const;

/** The envelope `{id, type, occurredAt, tenant, data}`; `id` is a ULID and becomes `webhook-id`. */
export const DomainEventEnvelope = z.object({
  id: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/),
  type: z.enum(EVENT_TYPES),
  occurredAt: z.iso.datetime({ offset: true }),
  tenant: z.string().min(1),
  data: z.unknown(),
});
export type DomainEventEnvelope<T = unknown> = Omit<z.infer<typeof DomainEventEnvelope>, 'data'> & { readonly data: T };
