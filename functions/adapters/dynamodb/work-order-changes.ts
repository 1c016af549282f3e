/**
 * Work order writes that carry another aggregate in the same transaction: a completion
 * with the asset it maintained, a conversion with the service request and its documents.
 * The transaction items are assembled here, so use cases hand over domain values only.
 */
import type { Asset } from '#domain/assets';
import type { Document } from '#domain/documents';
import type { ServiceRequest } from '#domain/service-requests';
import type { WorkOrder } from '#domain/work-orders';
import { assetScheduleUpdate } from './assets-repository';
import { documentVersionPut } from './documents-repository';
import { requestVersionPut } from './service-requests-repository';
import { createWorkOrder, updateWorkOrder, type WorkOrderWriteExtras } from './work-orders-repository';

/** An aggregate as it was read (its version conditions the write) and as it is to be written. */
export interface Rewrite<T> {
  readonly before: T;
  readonly after: T;
}

/**
 * Replaces a work order at the version read (history, events), with the asset's new
 * maintenance dates when the change completed maintenance work on it. The asset's write
 * is conditioned on its version: a Conflict when it changed meanwhile.
 */
export async function updateWorkOrderMaintaining(
  tenantId: string,
  workOrder: WorkOrder,
  readVersion: number,
  extras: Pick<WorkOrderWriteExtras, 'history' | 'events'>,
  asset: Rewrite<Asset> | undefined,
): Promise<void> {
  await updateWorkOrder(tenantId, workOrder, readVersion, { ...extras, items: asset ? [assetScheduleUpdate(tenantId, asset.before, asset.after)] : [] });
}

/** What converting a service request writes besides the work order. */
export interface Conversion {
  readonly request: Rewrite<ServiceRequest>;
  /** The request's documents, moved to the work order. */
  readonly documents: readonly Rewrite<Document>[];
}

/**
 * Creates the work order of a service request (history, events) in one transaction with
 * a once-key per request (never two work orders for one request), the request converted
 * at the version read and each document moved at its version read. Any of these having
 * changed meanwhile is a Conflict.
 */
export async function createWorkOrderConverting(tenantId: string, workOrder: WorkOrder, extras: Pick<WorkOrderWriteExtras, 'events'>, conversion: Conversion): Promise<void> {
  const { request, documents } = conversion;
  await createWorkOrder(tenantId, workOrder, {
    ...extras,
    onceKey: `request:${request.before.id}`,
    items: [requestVersionPut(tenantId, request.after, request.before.version), ...documents.map((d) => documentVersionPut(tenantId, d.after, d.before.version))],
  });
}
