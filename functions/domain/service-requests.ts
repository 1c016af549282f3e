/**
 * Service requests: what a client reports from the field (a leak, a low pressure, a
 * damaged hydrant...), with a location and photos (documents whose parent is the
 * request). A manager turns one into a work order; its photos follow.
 *
 * Pure: no AWS SDK, no I/O.
 */
import type { DomainEvent } from './events';
import type { GeoPoint } from './sites';
import type { Principal } from './principal';
import { canSeeClientData, confinedClientId } from './principal';

export const REQUEST_KINDS = ['leak', 'low-pressure', 'no-water', 'water-quality', 'damaged-hydrant', 'meter-issue', 'other'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];
export const REQUEST_STATUSES = ['open', 'converted'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
export type RequestPriority = 'low' | 'normal' | 'high' | 'critical';

export interface ServiceRequest {
  readonly id: string;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly clientId: string | null;
  readonly kind: RequestKind;
  readonly title: string;
  readonly description: string;
  readonly location: GeoPoint | null;
  readonly address: string | null;
  readonly siteId: string | null;
  readonly assetId: string | null;
  /** Suggested from the kind; the manager decides the work order's priority when converting. */
  readonly priority: RequestPriority;
  readonly status: RequestStatus;
  readonly workOrderId: string | null;
  readonly convertedAt: string | null;
  readonly convertedBy: { readonly subject: string; readonly username: string | null } | null;
  readonly requestedBy: { readonly subject: string; readonly username: string | null };
}

export interface NewServiceRequest {
  readonly kind: RequestKind;
  readonly title: string;
  readonly description?: string;
  readonly location?: GeoPoint;
  readonly address?: string;
  readonly siteId?: string;
  readonly assetId?: string;
  /** Only staff give it (on behalf of a client); a client user's requests are its client's. */
  readonly clientId?: string;
}

/** What each kind usually needs: water lost or a hydrant out of order cannot wait. */
const PRIORITY_OF_KIND: Record<RequestKind, RequestPriority> = {
  leak: 'high',
  'low-pressure': 'normal',
  'no-water': 'critical',
  'water-quality': 'high',
  'damaged-hydrant': 'high',
  'meter-issue': 'low',
  other: 'normal',
};

export const suggestedPriority = (kind: RequestKind): RequestPriority => PRIORITY_OF_KIND[kind];

/**
 * The client a new request belongs to: a client user's own (whatever it sends), otherwise
 * the one given, else the client of the site or asset it names.
 */
export function requestClientId(who: Principal, input: NewServiceRequest, placeClientId: string | null | undefined): string | null {
  return confinedClientId(who) ?? input.clientId ?? placeClientId ?? null;
}

export function newServiceRequest(id: string, input: NewServiceRequest, clientId: string | null, who: Principal, now: string): ServiceRequest {
  return {
    id,
    version: 1,
    createdAt: now,
    updatedAt: now,
    clientId,
    kind: input.kind,
    title: input.title,
    description: input.description ?? '',
    location: input.location ?? null,
    address: input.address ?? null,
    siteId: input.siteId ?? null,
    assetId: input.assetId ?? null,
    priority: suggestedPriority(input.kind),
    status: 'open',
    workOrderId: null,
    convertedAt: null,
    convertedBy: null,
    requestedBy: { subject: who.subject, username: who.username ?? null },
  };
}

export const canSeeRequest = (principal: Principal, request: ServiceRequest): boolean => canSeeClientData(principal, request.clientId);

/** Whether the request can still be converted (409 otherwise, naming the work order it became). */
export const isConvertible = (request: ServiceRequest): boolean => request.status === 'open';

export function convertedRequest(request: ServiceRequest, workOrderId: string, who: Principal, now: string): ServiceRequest {
  return {
    ...request,
    status: 'converted',
    workOrderId,
    convertedAt: now,
    convertedBy: { subject: who.subject, username: who.username ?? null },
    version: request.version + 1,
    updatedAt: now,
  };
}

/** The description of the work order made from a request: what the client wrote, and where. */
export function workOrderDescriptionOf(request: ServiceRequest): string {
  const where = [request.address, request.location ? `${request.location.lat}, ${request.location.lon}` : null].filter(Boolean).join(' — ');
  return [request.description, where ? `Location: ${where}` : '', `From service request ${request.id} (${request.kind})`].filter(Boolean).join('\n\n');
}

/** `request.created`: the request as the client filed it. */
export function requestCreatedEvent(id: string, tenant: string, request: ServiceRequest, occurredAt: string): DomainEvent<ServiceRequest> {
  return { id, type: 'request.created', occurredAt, tenant, data: request };
}
