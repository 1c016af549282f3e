/**
 * `POST /v1/requests/{id}/convert`. Steps:
 *   1. load the request (404 when invisible); an already converted one is 409
 *      REQUEST_ALREADY_CONVERTED with its work order;
 *   2. place the work order (the body's asset or site, else the request's; the client is
 *      the request's) and build it: source `request`, priority from the body or suggested
 *      by the kind, description from what the client wrote and where;
 *   3. one transaction: the work order, its history entry and `work_order.created` event,
 *      a once-key per request (never two work orders for one request), the request
 *      marked converted at the version read, and every document of the request moved to
 *      the work order (its photos follow).
 */
import { ulid } from 'ulid';
import { documentVersionPut, listDocumentsOf } from '#adapters/dynamodb/documents-repository';
import { placeWorkOrder } from '#adapters/dynamodb/open-work-order';
import { getServiceRequest, requestVersionPut } from '#adapters/dynamodb/service-requests-repository';
import { createWorkOrder } from '#adapters/dynamodb/work-orders-repository';
import { reparentedDocument, type Document } from '#domain/documents';
import { canSeeRequest, convertedRequest, isConvertible, workOrderDescriptionOf } from '#domain/service-requests';
import { newWorkOrder, type WorkOrderPriority, type WorkOrderType } from '#domain/work-orders';
import { findRoute } from '#lib/model/find-route';
import { requestsRoutes } from '#lib/model/routes/requests';
import { Conflict } from '#platform/errors';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, visibleOr404 } from '#http-stack/resources';

/** A transaction holds 100 items; the work order and its companions take 5. */
const MAX_MOVED_DOCUMENTS = 90;

type Body = { title?: string; priority?: WorkOrderPriority; type?: WorkOrderType; assetId?: string; siteId?: string; dueAt?: string };

async function documentsOf(tenantId: string, requestId: string): Promise<Document[]> {
  const all: Document[] = [];
  let cursor: string | undefined;
  do {
    const page = await listDocumentsOf(tenantId, 'request', requestId, { limit: 100, ...(cursor ? { cursor } : {}) });
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && all.length <= MAX_MOVED_DOCUMENTS);
  return all;
}

export async function convertServiceRequest({ params, body, principal }: HttpRequest<{ id: string }, unknown, Body>) {
  const who = caller(principal);
  const request = visibleOr404(await getServiceRequest(who.tenantId, params.id), (r) => canSeeRequest(who, r), 'Service request', params.id);
  if (!isConvertible(request)) throw new Conflict(`The request was already converted into work order ${request.workOrderId}`, 'REQUEST_ALREADY_CONVERTED');
  const now = new Date().toISOString();
  const assetId = body.assetId ?? request.assetId ?? undefined;
  const siteId = body.assetId ? body.siteId : (body.siteId ?? request.siteId ?? undefined);
  const placement = await placeWorkOrder(who.tenantId, { ...(assetId ? { assetId } : {}), ...(siteId ? { siteId } : {}), ...(request.clientId ? { clientId: request.clientId } : {}) });
  const workOrder = newWorkOrder(
    ulid(),
    {
      title: body.title ?? request.title,
      description: workOrderDescriptionOf(request),
      type: body.type ?? 'corrective',
      priority: body.priority ?? request.priority,
      source: 'request',
      sourceRef: request.id,
      ...(body.dueAt ? { dueAt: body.dueAt } : {}),
    },
    placement,
    who.username ?? who.subject,
    now,
  );
  const converted = convertedRequest(request, workOrder.id, who, now);
  const documents = await documentsOf(who.tenantId, request.id);
  if (documents.length > MAX_MOVED_DOCUMENTS) throw new Conflict(`The request has more than ${MAX_MOVED_DOCUMENTS} documents; delete some first`, 'TOO_MANY_DOCUMENTS');
  const moved = documents.map((d) => documentVersionPut(who.tenantId, reparentedDocument(d, { type: 'work-order', id: workOrder.id, clientId: workOrder.clientId }, now), d.version));
  try {
    await createWorkOrder(who.tenantId, workOrder, {
      events: [{ id: ulid(), type: 'work_order.created', occurredAt: now, tenant: who.tenantId, data: workOrder }],
      onceKey: `request:${request.id}`,
      items: [requestVersionPut(who.tenantId, converted, request.version), ...moved],
    });
  } catch (error) {
    // Another conversion (or a change of the request or its documents) won the race.
    if (error instanceof Conflict) throw new Conflict('The request changed while it was being converted; read it again', 'REQUEST_CHANGED');
    throw error;
  }
  return {
    status: 201,
    body: { request: converted, workOrder, movedDocuments: moved.length },
    headers: { Location: `/v1/work-orders/${workOrder.id}` },
    audit: { resourceId: request.id, before: request, after: converted },
  };
}

export const handler = httpRoute(findRoute(requestsRoutes, 'convertServiceRequest'), convertServiceRequest);
