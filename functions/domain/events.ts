/**
 * Domain events: what happened, as the outbox keeps it for the webhook relay. Each event
 * type is built by one function in the domain module of its aggregate (`alertEvent` in
 * `alerts/alerts.ts`, the work-order events in `work-orders.ts`, ...), never inline in a
 * use case or a handler. The event id and time are given by the caller, so the builders
 * stay pure.
 */
import * as z from 'zod';

export interface DomainEvent<T = unknown> {
  readonly id: string;
  readonly type: string;
  readonly occurredAt: string;
  readonly tenant: string;
  readonly data: T;
}

/** The one shape every builder returns. */
export function domainEvent<T>(type: string, id: string, tenant: string, occurredAt: string, data: T): DomainEvent<T> {
  return { id, type, occurredAt, tenant, data };
}

/**
 * The envelope as the queues carry it, for the consumers' zod validation (`sqsWorker`).
 * Looser than the producers' `DomainEventEnvelope` of the app model: consumers also take
 * the events of schedules (fixed, non-ULID ids) and types added after them.
 */
export const EventEnvelope = z.object({
  id: z.string().min(1).max(128),
  type: z.string().min(1).max(128),
  occurredAt: z.iso.datetime({ offset: true }),
  tenant: z.string().min(1).max(64),
  data: z.unknown(),
});
