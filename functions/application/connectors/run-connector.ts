import { ulid } from 'ulid';
import { getConnector, putRun, saveConnectorIfVersion } from '#adapters/dynamodb/connectors-repository';
import { getAsset } from '#adapters/dynamodb/assets-repository';
import { getDocument } from '#adapters/dynamodb/documents-repository';
import { getSite } from '#adapters/dynamodb/sites-repository';
import { listTimeEntries, timeEntriesStartingIn } from '#adapters/dynamodb/time-entries-repository';
import { getScheduleEntry } from '#adapters/dynamodb/schedule-repository';
import { getWorkOrder } from '#adapters/dynamodb/work-orders-repository';
import { presignDownload } from '#adapters/s3/documents-bucket';
import { connectorAdapter } from '#adapters/connectors/index';
import { needsRefresh, refreshTokens } from '#adapters/connectors/oauth';
import type { Credentials, HydrantData, SyncResult } from '#adapters/connectors/port';
import { afterRun, completedRun, connectorPrincipal, isOAuthType, movedSlot, startedRun, type Connector, type ConnectorRunJob } from '#domain/connectors';
import { createClient } from '#application/clients/create-client';
import { assignWorkOrder } from '#application/work-orders/assign-work-order';
import { AppError } from '#platform/errors';
import type { DomainEvent } from '#domain/events';
import { sealedCredentials } from './create-connector';
import { openedCredentials } from './get-connector';

/** A time entry is on call when its note carries the `#astreinte` (or `#oncall`) tag. */
const ON_CALL_TAG = /#(astreinte|oncall)\b/i;

/** The Hydrant data a tenant's connectors read. */
function hydrantData(tenantId: string, connector: Connector): HydrantData {
  return {
    async timeEntriesOfMonth(month) {
      const [y, m] = month.split('-').map(Number) as [number, number];
      const out = [];
      for await (const page of timeEntriesStartingIn(tenantId, new Date(Date.UTC(y, m - 1, 1)).toISOString(), new Date(Date.UTC(y, m, 1)).toISOString())) {
        out.push(...page.map((e) => ({ technicianId: e.technicianId, technicianName: e.technicianName, workOrderId: e.workOrderId, start: e.start, end: e.end, minutes: e.minutes, onCall: ON_CALL_TAG.test(e.note ?? '') })));
      }
      return out;
    },
    async documentToCopy(documentId) {
      const doc = await getDocument(tenantId, documentId);
      if (!doc || doc.status !== 'available') return undefined;
      const siteId =
        doc.parentType === 'site'
          ? doc.parentId
          : doc.parentType === 'asset'
            ? (await getAsset(tenantId, doc.parentId))?.siteId
            : doc.parentType === 'work-order'
              ? (await getWorkOrder(tenantId, doc.parentId))?.siteId
              : undefined;
      const site = siteId ? (await getSite(tenantId, siteId))?.name : undefined;
      const { url } = await presignDownload(doc.objectKey, doc.objectVersion, doc.fileName, 15 * 60);
      return { site: site ?? 'No site', kind: doc.tags.includes('report') ? 'reports' : 'documents', fileName: doc.fileName, downloadUrl: url };
    },
    async moveVisit(workOrderId, technicianId, times) {
      const workOrder = await getWorkOrder(tenantId, workOrderId);
      if (!workOrder) return `visit ${workOrderId} not moved: the work order is gone`;
      const entry = workOrder.assignedTechnicianId ? await getScheduleEntry(tenantId, workOrderId) : undefined;
      const slot = movedSlot({ scheduledStart: workOrder.scheduledStart, durationMinutes: entry?.durationMinutes ?? -1 }, times);
      if (!slot) return 'unchanged';
      try {
        await assignWorkOrder(connectorPrincipal(tenantId, connector), workOrderId, { technicianId, ...slot });
        return 'moved';
      } catch (error) {
        if (error instanceof AppError) return `visit ${workOrderId} not moved: ${error.message}`;
        throw error;
      }
    },
    async createClient(client) {
      return (await createClient(tenantId, { name: client.name, ...(client.email ? { email: client.email } : {}), ...(client.phone ? { phone: client.phone } : {}), ...(client.address ? { address: client.address } : {}) })).id;
    },
    async workOrderToInvoice(workOrderId) {
      const workOrder = await getWorkOrder(tenantId, workOrderId);
      if (!workOrder) return undefined;
      const entries: { technicianName: string; minutes: number }[] = [];
      for (let cursor: string | undefined; ; ) {
        const page = await listTimeEntries(tenantId, workOrderId, { limit: 100, ...(cursor ? { cursor } : {}) });
        entries.push(...page.items.map((e) => ({ technicianName: e.technicianName, minutes: e.minutes })));
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      return { id: workOrder.id, title: workOrder.title, clientId: workOrder.clientId, completedAt: workOrder.completedAt, entries };
    },
  };
}

/**
 * One run of one connector (the `connector-runs` worker). Steps:
 *   1. load the connector; gone or disabled: nothing (a queued run of a deleted connector);
 *   2. record the run as started in its sync log;
 *   3. open its credentials; refresh OAuth2 tokens that expire within 5 minutes, resealing them;
 *   4. call its adapter: `sendEvent` for an event, `sync` for the schedule (each provider call
 *      with its timeout, retries, backoff and Retry-After);
 *   5. record the run completed (records, errors) and the connector's last sync, settings the
 *      run linked and resealed credentials (unless an admin changed it meanwhile); an adapter that
 *      throws is recorded as a failed run and then rethrown, so the message fails alone and SQS
 *      retries it (its own connector only).
 */
export async function runConnector(job: ConnectorRunJob, now = new Date()): Promise<SyncResult | undefined> {
  const stored = await getConnector(job.tenant, job.connectorId);
  if (!stored || !stored.connector.enabled) return undefined;
  const run = startedRun(ulid(), stored.connector.id, job.trigger, job.event?.id ?? null, now.toISOString());
  await putRun(job.tenant, run);
  let outcome: SyncResult;
  let failure: unknown;
  let sealed = stored.sealed;
  try {
    let credentials: Credentials = await openedCredentials(job.tenant, stored);
    if (isOAuthType(stored.connector.type) && needsRefresh(credentials, now)) {
      credentials = { ...credentials, ...(await refreshTokens(stored.connector.type, { clientId: credentials.clientId ?? '', clientSecret: credentials.clientSecret ?? '' }, credentials.refreshToken!, now)) };
      sealed = await sealedCredentials(job.tenant, stored.connector.id, credentials);
    }
    const adapter = connectorAdapter(stored.connector.type);
    const ctx = { connector: stored.connector, credentials, now, data: hydrantData(job.tenant, stored.connector) };
    outcome = job.event ? await adapter.sendEvent(ctx, job.event as DomainEvent) : await adapter.sync(ctx);
    if (outcome.credentials) sealed = await sealedCredentials(job.tenant, stored.connector.id, { ...credentials, ...outcome.credentials });
  } catch (error) {
    failure = error;
    outcome = { records: 0, errors: [(error as Error).message] };
  }
  const done = completedRun(run, outcome, new Date().toISOString());
  await putRun(job.tenant, done);
  // Conditioned on the version read: an admin's edit meanwhile wins (the run log keeps the outcome).
  const config = outcome.config ? { ...stored.connector.config, ...outcome.config } : stored.connector.config;
  await saveConnectorIfVersion(job.tenant, { connector: { ...afterRun(stored.connector, done), config, version: stored.connector.version + 1 }, sealed }, stored.connector.version);
  if (failure) throw failure;
  return outcome;
}
