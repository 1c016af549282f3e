/**
 * The port every connector implements (`authenticate`, `sync`, `sendEvent`), and what it is
 * given: the connector's settings, its credentials opened for this run, and the Hydrant data
 * it reads or writes through `HydrantData` (use cases supply it, so adapters stay free of the
 * table). Credentials changed by a run (refreshed OAuth tokens) are returned to be resealed.
 */
import type { Connector } from '#domain/connectors';
import type { DomainEvent } from '#domain/events';

export type Credentials = Readonly<Record<string, string>>;

export interface ConnectorContext {
  readonly connector: Connector;
  readonly credentials: Credentials;
  readonly now: Date;
  readonly data: HydrantData;
}

export interface SyncResult {
  readonly records: number;
  readonly errors: readonly string[];
  /** New credentials to seal (e.g. refreshed tokens); undefined when unchanged. */
  readonly credentials?: Credentials;
  /** Settings to merge into the connector's (e.g. links made by a sync); undefined when unchanged. */
  readonly config?: Readonly<Record<string, unknown>>;
}

/** The Hydrant data connectors read: kept narrow, one function per need. */
export interface HydrantData {
  /** Time entries starting in a month (`YYYY-MM`), with whether their work order was on call. */
  timeEntriesOfMonth(month: string): Promise<readonly { technicianId: string; technicianName: string; workOrderId: string; start: string; end: string; minutes: number; onCall: boolean }[]>;
  /**
   * An available document to copy: its site's name (or `No site`), its kind (`reports` for
   * work-order reports, else `documents`), file name and a download URL valid 15 minutes;
   * undefined when it is gone or no longer available.
   */
  documentToCopy(documentId: string): Promise<{ site: string; kind: string; fileName: string; downloadUrl: string } | undefined>;
  /** A work order to invoice with its time entries; undefined when it is gone. */
  /**
   * Moves a visit to the times a calendar gives it, under the scheduling rules: `moved`,
   * `unchanged` (already there), or why it was refused (a conflict, a work order not schedulable).
   */
  moveVisit(workOrderId: string, technicianId: string, times: { start: string; end: string }): Promise<'moved' | 'unchanged' | string>;
  /** Creates a Hydrant client (a customer imported from an ERP); returns its id. */
  createClient(client: { name: string; email?: string | undefined; phone?: string | undefined; address?: string | undefined }): Promise<string>;
  workOrderToInvoice(workOrderId: string): Promise<{ id: string; title: string; clientId: string | null; completedAt: string | null; entries: readonly { technicianName: string; minutes: number }[] } | undefined>;
}

export interface ConnectorPort {
  /** Checks the credentials with the provider (a cheap authenticated call); throws ProviderError when refused. */
  authenticate(ctx: ConnectorContext): Promise<SyncResult>;
  /** The scheduled sync: what the connector pulls or pushes in bulk. */
  sync(ctx: ConnectorContext): Promise<SyncResult>;
  /** Sends one domain event the connector takes (`EVENTS_TAKEN`). */
  sendEvent(ctx: ConnectorContext, event: DomainEvent): Promise<SyncResult>;
}

/** A setting read as a string, with a default. */
export const setting = (ctx: ConnectorContext, name: string, fallback?: string): string => {
  const value = ctx.connector.config[name];
  if (typeof value === 'string' && value) return value;
  if (fallback !== undefined) return fallback;
  throw new Error(`the setting \`${name}\` is missing`);
};

/** A credential, or a clear error naming it (never its value). */
export const credential = (ctx: ConnectorContext, name: string): string => {
  const value = ctx.credentials[name];
  if (!value) throw new Error(`the credential \`${name}\` is missing`);
  return value;
};

export const nothingToDo: SyncResult = { records: 0, errors: [] };
