/**
 * Domain events: what happened, as the outbox keeps it for the webhook relay. Each event
 * type is built by one function in the domain module of its aggregate (`alertEvent` in
 * `alerts/alerts.ts`, the work-order events in `work-orders.ts`, ...), never inline in a
 * use case or a handler. The event id and time are given by the caller, so the builders
 * stay pure.
 */
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
