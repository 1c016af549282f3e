/**
 * Turns a service request into a work order. Steps:
 *   1. load the request (visible to the caller, else NotFound); an already converted one
 *      is 409 REQUEST_ALREADY_CONVERTED;
 *   2. place the work order (the asked asset or site, else the request's; the client is
 *      the request's) and build it: source `request`, priority asked or the request's,
 *      description from what the client wrote and where;
 *   3. read the request's documents (more than 90: 409 TOO_MANY_DOCUMENTS, a transaction
 *      holds 100 items) and move each to the work order (its photos follow);
 *   4. one transaction: the work order, its history entry and `work_order.created` event,
 *      a once-key per request, the request converted at the version read and the moved
 *      documents at theirs; any of them changed meanwhile is 409 REQUEST_CHANGED.
 */
import { ulid } from 'ulid';
import { listDocumentsOf } from '#adapters/dynamodb/documents-repository';
import { collectPages } from '#adapters/dynamodb/query-page';
import { getServiceRequest } from '#adapters/dynamodb/service-requests-repository';
import { createWorkOrderConverting } from '#adapters/dynamodb/work-order-changes';
import { placeWorkOrder } from '#application/work-orders/open-work-order';
import { visibleOrNotFound, type Change } from '#application/visible';
import { reparentedDocument } from '#domain/documents';
import type { Principal } from '#domain/principal';
import { canSeeRequest, convertedRequest, isConvertible, workOrderDescriptionOf, type ServiceRequest } from '#domain/service-requests';
import { newWorkOrder, workOrderCreatedEvent, type NewWorkOrder, type WorkOrder } from '#domain/work-orders';
import { Conflict } from '#platform/errors';

/** A transaction holds 100 items; the work order and its companions take 5. */
const MAX_MOVED_DOCUMENTS = 90;

/** What the manager may set on the work order; the rest comes from the request. */
export type ConversionRequest = Partial<Pick<NewWorkOrder, 'title' | 'priority' | 'type' | 'assetId' | 'siteId' | 'dueAt'>>;

export interface ConvertedRequest {
  readonly request: Change<ServiceRequest>;
  readonly workOrder: WorkOrder;
  readonly movedDocuments: number;
}

export async function convertServiceRequest(who: Principal, id: string, asked: ConversionRequest): Promise<ConvertedRequest> {
  const request = visibleOrNotFound(await getServiceRequest(who.tenantId, id), (r) => canSeeRequest(who, r), 'Service request', id);
  if (!isConvertible(request)) throw new Conflict(`The request was already converted into work order ${request.workOrderId}`, 'REQUEST_ALREADY_CONVERTED');
  const now = new Date().toISOString();
  const assetId = asked.assetId ?? request.assetId ?? undefined;
  const siteId = asked.assetId ? asked.siteId : (asked.siteId ?? request.siteId ?? undefined);
  const placement = await placeWorkOrder(who.tenantId, { ...(assetId ? { assetId } : {}), ...(siteId ? { siteId } : {}), ...(request.clientId ? { clientId: request.clientId } : {}) });
  const workOrder = newWorkOrder(
    ulid(),
    {
      title: asked.title ?? request.title,
      description: workOrderDescriptionOf(request),
      type: asked.type ?? 'corrective',
      priority: asked.priority ?? request.priority,
      source: 'request',
      sourceRef: request.id,
      ...(asked.dueAt ? { dueAt: asked.dueAt } : {}),
    },
    placement,
    who.username ?? who.subject,
    now,
  );
  const converted = convertedRequest(request, workOrder.id, who, now);
  const documents = await collectPages((cursor) => listDocumentsOf(who.tenantId, 'request', request.id, { limit: 100, ...(cursor ? { cursor } : {}) }), MAX_MOVED_DOCUMENTS + 1);
  if (documents.length > MAX_MOVED_DOCUMENTS) throw new Conflict(`The request has more than ${MAX_MOVED_DOCUMENTS} documents; delete some first`, 'TOO_MANY_DOCUMENTS');
  const moved = documents.map((d) => ({ before: d, after: reparentedDocument(d, { type: 'work-order', id: workOrder.id, clientId: workOrder.clientId }, now) }));
  try {
    await createWorkOrderConverting(who.tenantId, workOrder, { events: [workOrderCreatedEvent(ulid(), who.tenantId, workOrder, now)] }, { request: { before: request, after: converted }, documents: moved });
  } catch (error) {
    // Another conversion (or a change of the request or its documents) won the race.
    if (error instanceof Conflict) throw new Conflict('The request changed while it was being converted; read it again', 'REQUEST_CHANGED');
    throw error;
  }
  return { request: { before: request, after: converted }, workOrder, movedDocuments: moved.length };
}
