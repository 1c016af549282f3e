/**
 * Connectors (issue 19): a tenant's link to a third-party service (payroll, accounting,
 * chat, calendar, storage). Pure rules: what a connector is, which patch is allowed, when
 * its scheduled sync is due, which domain events it takes, how a run is recorded, the pay
 * code of a piece of work time (Silae), and the retry schedule of a provider call.
 * Credentials never appear here in clear: the repository keeps them sealed beside the view.
 */
import * as z from 'zod';
import { EventEnvelope } from './events';
import type { Principal } from './principal';

export const CONNECTOR_TYPES = ['sage_100', 'silae', 'quickbooks', 'slack', 'google_calendar', 'dropbox'] as const;
export type ConnectorType = (typeof CONNECTOR_TYPES)[number];

/** The connectors whose credentials come from an OAuth2 authorization-code flow. */
export const OAUTH_CONNECTOR_TYPES = ['quickbooks', 'google_calendar', 'dropbox'] as const satisfies readonly ConnectorType[];
export type OAuthConnectorType = (typeof OAUTH_CONNECTOR_TYPES)[number];
export const isOAuthType = (type: ConnectorType): type is OAuthConnectorType => (OAUTH_CONNECTOR_TYPES as readonly string[]).includes(type);

export type SyncStatus = 'never' | 'running' | 'succeeded' | 'failed';

/** A connector as answered: its non-secret configuration only. */
export interface Connector {
  readonly id: string;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly type: ConnectorType;
  readonly enabled: boolean;
  /** Non-secret settings (channel names, company codes, base URLs). */
  readonly config: Readonly<Record<string, unknown>>;
  /** Whether credentials are stored (they are never answered). */
  readonly hasCredentials: boolean;
  /** When an OAuth2 grant was last completed; null for other connectors and before it. */
  readonly authorizedAt: string | null;
  readonly lastSyncAt: string | null;
  readonly syncStatus: SyncStatus;
  readonly lastError: string | null;
}

export interface NewConnector {
  readonly type: ConnectorType;
  readonly enabled: boolean;
  readonly config: Readonly<Record<string, unknown>>;
}

export interface ConnectorPatch {
  readonly enabled?: boolean;
  readonly config?: Readonly<Record<string, unknown>>;
}

export function newConnector(id: string, fields: NewConnector, hasCredentials: boolean, now: string): Connector {
  return { id, version: 1, createdAt: now, updatedAt: now, ...fields, hasCredentials, authorizedAt: null, lastSyncAt: null, syncStatus: 'never', lastError: null };
}

export function applyConnectorPatch(connector: Connector, patch: ConnectorPatch, hasCredentials: boolean, now: string): Connector {
  return {
    ...connector,
    ...(patch.enabled === undefined ? {} : { enabled: patch.enabled }),
    ...(patch.config === undefined ? {} : { config: { ...connector.config, ...patch.config } }),
    hasCredentials,
    version: connector.version + 1,
    updatedAt: now,
  };
}

/** The connector once its OAuth2 grant completed (tokens sealed with its credentials). */
export function authorized(connector: Connector, now: string): Connector {
  return { ...connector, hasCredentials: true, authorizedAt: now, version: connector.version + 1, updatedAt: now };
}

/** Why a run happened. */
export type RunTrigger = 'schedule' | 'event';

/** One line of a connector's sync log. */
export interface ConnectorRun {
  readonly id: string;
  readonly connectorId: string;
  readonly trigger: RunTrigger;
  /** The domain event a `event` run sent. */
  readonly eventId: string | null;
  readonly started: string;
  readonly completed: string | null;
  readonly status: 'running' | 'succeeded' | 'failed';
  readonly records: number;
  readonly errors: readonly string[];
}

export function startedRun(id: string, connectorId: string, trigger: RunTrigger, eventId: string | null, now: string): ConnectorRun {
  return { id, connectorId, trigger, eventId, started: now, completed: null, status: 'running', records: 0, errors: [] };
}

/** A run ends failed when it has errors, succeeded otherwise; errors are cut to 20 of 500 characters. */
export function completedRun(run: ConnectorRun, outcome: { records: number; errors: readonly string[] }, now: string): ConnectorRun {
  const errors = outcome.errors.slice(0, 20).map((e) => e.slice(0, 500));
  return { ...run, completed: now, status: errors.length ? 'failed' : 'succeeded', records: outcome.records, errors };
}

/** The connector's state after a run: last sync time, status and first error. */
export function afterRun(connector: Connector, run: ConnectorRun): Connector {
  return { ...connector, lastSyncAt: run.completed, syncStatus: run.status, lastError: run.errors[0] ?? null };
}

/**
 * How often each connector syncs on its own (the `connector-sync` schedule runs hourly and
 * starts those due): Silae once a month (the previous month's time, on the 1st), Sage 100
 * and QuickBooks daily, Google Calendar and Dropbox hourly. Slack has nothing to pull: it
 * only sends events.
 */
export const SYNC_PERIOD: Readonly<Record<ConnectorType, 'monthly' | 'daily' | 'hourly' | 'never'>> = {
  silae: 'monthly',
  sage_100: 'daily',
  quickbooks: 'daily',
  google_calendar: 'hourly',
  dropbox: 'hourly',
  slack: 'never',
};

/** Whether an enabled connector's scheduled sync is due at `now` (UTC periods: month, day, hour). */
export function isSyncDue(connector: Pick<Connector, 'type' | 'enabled' | 'lastSyncAt'>, now: Date): boolean {
  const period = SYNC_PERIOD[connector.type];
  if (!connector.enabled || period === 'never') return false;
  if (!connector.lastSyncAt) return true;
  const periodStart = (d: Date) =>
    period === 'monthly'
      ? Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)
      : period === 'daily'
        ? Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate())
        : Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours());
  return periodStart(new Date(connector.lastSyncAt)) < periodStart(now);
}

/** The domain events each connector sends on (the rest it ignores). */
export const EVENTS_TAKEN: Readonly<Record<ConnectorType, readonly string[]>> = {
  slack: ['work_order.created', 'work_order.status_changed', 'work_order.assigned', 'alert.raised', 'alert.cleared', 'request.created', 'leak.suspected', 'leak.cleared', 'sensor.offline'],
  google_calendar: ['work_order.assigned', 'work_order.status_changed'],
  dropbox: ['document.available'],
  quickbooks: ['work_order.status_changed'],
  sage_100: ['work_order.status_changed'],
  silae: [],
};

export const takesEvent = (connector: Pick<Connector, 'type' | 'enabled'>, eventType: string): boolean =>
  connector.enabled && EVENTS_TAKEN[connector.type].includes(eventType);

/** Silae's pay codes for work time (see functions/adapters/connectors/silae.ts for the export format). */
export type PayCode = 'normal' | 'night' | 'weekend' | 'on_call';

/**
 * The pay code of a piece of work: on-call when its work order was an on-call intervention,
 * else weekend when it starts on a Saturday or Sunday, else night when it starts between
 * 21:00 and 06:00, else normal. Times are read in the tenant's time zone offset (minutes
 * east of UTC), as the payroll counts them.
 */
export function payCodeOf(entry: { readonly start: string; readonly onCall?: boolean }, utcOffsetMinutes = 0): PayCode {
  if (entry.onCall) return 'on_call';
  const local = new Date(Date.parse(entry.start) + utcOffsetMinutes * 60_000);
  const day = local.getUTCDay();
  if (day === 0 || day === 6) return 'weekend';
  const hour = local.getUTCHours();
  return hour >= 21 || hour < 6 ? 'night' : 'normal';
}

/** The previous calendar month of `now` as `YYYY-MM` (Silae's export runs on the 1st for the month just closed). */
export function previousMonth(now: Date): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return d.toISOString().slice(0, 7);
}

/** Who a connector acts as when it changes Hydrant (a visit moved in Google Calendar): a machine of the tenant. */
export function connectorPrincipal(tenantId: string, connector: Pick<Connector, 'id' | 'type'>): Principal {
  return { kind: 'machine', subject: `connector:${connector.id}`, username: `connector:${connector.type}`, tenantId, scopes: ['work-orders.write'] };
}

/**
 * What a calendar event's times ask of its visit: nothing when they are the visit's own
 * (an echo of Hydrant's own change), else the new slot.
 */
export function movedSlot(
  visit: { readonly scheduledStart: string | null; readonly durationMinutes: number },
  event: { readonly start: string; readonly end: string },
): { start: string; durationMinutes: number } | undefined {
  const start = new Date(event.start).toISOString();
  const durationMinutes = Math.round((Date.parse(event.end) - Date.parse(event.start)) / 60_000);
  if (!Number.isFinite(durationMinutes) || durationMinutes <= 0) return undefined;
  if (visit.scheduledStart && new Date(visit.scheduledStart).toISOString() === start && visit.durationMinutes === durationMinutes) return undefined;
  return { start, durationMinutes };
}

/** One line of an invoice made from a completed work order's time. */
export interface InvoiceLine {
  readonly description: string;
  readonly hours: number;
  readonly unitPrice: number;
  readonly amount: number;
}

/**
 * The labour lines of a completed work order's invoice: one line per technician, hours to the
 * hundredth, at the connector's hourly rate. Hydrant records no parts, so an invoice holds time only.
 */
export function labourLines(workOrder: { readonly title: string }, entries: readonly { readonly technicianName: string; readonly minutes: number }[], hourlyRate: number): InvoiceLine[] {
  const minutesBy = new Map<string, number>();
  for (const e of entries) minutesBy.set(e.technicianName, (minutesBy.get(e.technicianName) ?? 0) + e.minutes);
  return [...minutesBy.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([who, minutes]) => {
      const hours = Math.round((minutes / 60) * 100) / 100;
      return { description: `${workOrder.title} - ${who}`, hours, unitPrice: hourlyRate, amount: Math.round(hours * hourlyRate * 100) / 100 };
    });
}

/** A `work_order.status_changed` event that completed the work order: its id, else undefined. */
export function completedWorkOrderId(event: { readonly type: string; readonly data: unknown }): string | undefined {
  const data = event.data as { workOrderId?: unknown; to?: unknown } | null;
  return event.type === 'work_order.status_changed' && data?.to === 'completed' && typeof data.workOrderId === 'string' ? data.workOrderId : undefined;
}

/**
 * How long to wait before retry `attempt` (1-based) of a provider call: the provider's
 * `Retry-After` when it gave one (capped at `maxMs`), else exponential backoff from 500 ms
 * with full jitter (`random` in [0, 1)).
 */
export function retryDelayMs(attempt: number, retryAfterSeconds: number | undefined, random: number, maxMs = 20_000): number {
  if (retryAfterSeconds !== undefined && Number.isFinite(retryAfterSeconds) && retryAfterSeconds >= 0) return Math.min(retryAfterSeconds * 1000, maxMs);
  return Math.floor(Math.min(500 * 2 ** (attempt - 1), maxMs) * random);
}

/** A `connector-runs` message: one run of one connector, for the schedule or for one domain event. */
export const ConnectorRunJob = z.object({
  tenant: z.string().min(1).max(64),
  connectorId: z.string().min(1).max(64),
  trigger: z.enum(['schedule', 'event']),
  event: EventEnvelope.optional(),
});
export type ConnectorRunJob = z.infer<typeof ConnectorRunJob>;
