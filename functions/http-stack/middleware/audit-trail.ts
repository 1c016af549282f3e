/**
 * Writes the audit record of every call that changes something, of every call the
 * function refuses (401, 403) and of the routes declared `audit.reads`, once the
 * answer is known. A replayed idempotent answer changed nothing and is not recorded.
 */
import { createHash } from 'node:crypto';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { ulid } from 'ulid';
import type { RouteDecl } from '#lib/model/types';
import { changedFields, resourceTypeOf, type AuditRecord } from '#domain/audit';
import type { Principal } from '#domain/principal';
import { logger } from '#platform/observability';
import type { AuditStore } from '../ports';
import { principalFromClaims } from '../principal';
import { stateOf } from '../request-state';
import { outsideUnitOfWork } from '#platform/unit-of-work';

/** Calls with no tenant (a failed public login) are kept under this pseudo-tenant, for operators. */
export const PUBLIC_AUDIT_TENANT = '_public';

function callerOf(event: APIGatewayProxyEvent, known: Principal | undefined): Principal | undefined {
  if (known) return known;
  try {
    return principalFromClaims(event.requestContext?.authorizer?.claims as Record<string, unknown> | undefined);
  } catch {
    return undefined;
  }
}

function createdId(response: APIGatewayProxyResult): string | undefined {
  if (response.statusCode !== 201) return undefined;
  try {
    const id = (JSON.parse(response.body) as { id?: unknown }).id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

/** What a call's audit record says beyond its route and caller. */
export interface AuditedCall {
  readonly status: number;
  readonly resourceId: string | null;
  readonly apiKeyId: string | null;
  readonly clientAddress: string | null;
  readonly userAgent: string | null;
  /** The request body as sent: only its SHA-256 is kept. */
  readonly body: string | null;
  readonly before?: object;
  readonly after?: object;
}

/** The audit record of a call of `route` (by REST, a batch operation or a GraphQL mutation naming it). */
export function auditRecordOf(route: RouteDecl, principal: Principal | undefined, call: AuditedCall): AuditRecord {
  return {
    id: ulid(),
    tenantId: principal?.tenantId ?? PUBLIC_AUDIT_TENANT,
    at: new Date().toISOString(),
    principal: principal
      ? {
          kind: principal.kind,
          // The stable id only: names and e-mails stay out of an append-only log (they could not be erased from it).
          id: principal.subject,
          ...(principal.username && principal.username !== principal.subject ? { username: principal.username } : {}),
          ...(principal.role ? { role: principal.role } : {}),
        }
      : { kind: 'anonymous', id: 'anonymous' },
    apiKeyId: call.apiKeyId,
    action: route.operationId,
    resourceType: route.audit?.resourceType ?? resourceTypeOf(route.path),
    resourceId: call.resourceId,
    method: route.method,
    route: route.path,
    status: call.status,
    clientAddress: call.clientAddress,
    userAgent: call.userAgent,
    bodySha256: call.body ? createHash('sha256').update(call.body).digest('hex') : null,
    changes: changedFields(call.before, call.after, route.audit?.personalFields),
  };
}

export function auditTrail(route: RouteDecl, store: AuditStore, reads = route.audit?.reads ?? false): MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  const write = async (request: { event: APIGatewayProxyEvent; response: APIGatewayProxyResult | null | undefined }) => {
    const { event, response } = request;
    const state = stateOf(event);
    if (!response || state.replay) return;
    const status = response.statusCode;
    if (route.method === 'GET' && !reads && status !== 401 && status !== 403) return;
    const identity = event.requestContext?.identity;
    const record = auditRecordOf(route, callerOf(event, state.request?.principal), {
      status,
      resourceId: state.audit?.resourceId ?? event.pathParameters?.id ?? createdId(response) ?? null,
      apiKeyId: identity?.apiKeyId ?? null,
      clientAddress: identity?.sourceIp ?? null,
      userAgent: identity?.userAgent ?? null,
      body: event.body ?? null,
      before: state.audit?.before,
      after: state.audit?.after,
    });
    try {
      // In an atomic batch a success is committed with the batch's transaction; a refusal is recorded whatever happens.
      await (status >= 400 ? outsideUnitOfWork(() => store.append(record)) : store.append(record));
    } catch (error) {
      // The change is committed and cannot be undone here: make the gap loud instead.
      logger.error('Audit record lost', { error: error as Error, action: record.action, resourceId: record.resourceId });
    }
  };
  return { after: write, onError: write };
}
