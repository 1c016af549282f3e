import { randomBytes } from 'node:crypto';
import { ulid } from 'ulid';
import { createFeed, tokenDigest } from '#adapters/dynamodb/schedule-repository';
import { getTechnician } from '#adapters/dynamodb/technicians-repository';
import { findRoute } from '#lib/model/find-route';
import { schedulingRoutes } from '#lib/model/routes/scheduling';
import { NotFound, ValidationFailed } from '#platform/errors';
import { httpRoute, type HttpRequest } from '#platform/http-route';
import { caller } from '#platform/resources';
import { scheduleOwner } from './list';

/**
 * The feed's public URL: the host the call came to, with the stage prefix when the call
 * came through the default `execute-api` endpoint (a custom domain or the local stack has none).
 */
export function publicBase(event: HttpRequest['event']): string {
  const headers = Object.fromEntries(Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const host = headers.host ?? 'localhost';
  const proto = headers['x-forwarded-proto'] ?? (host.startsWith('localhost') || host.startsWith('127.') ? 'http' : 'https');
  const stage = host.includes('.execute-api.') && event.requestContext?.stage ? `/${event.requestContext.stage}` : '';
  return `${proto}://${host}${stage}`;
}

/**
 * Steps: whose feed (technicians: their own); a random 256-bit token, kept as its
 * SHA-256; the URL with the feed id and the token, shown once.
 */
export async function createScheduleFeed({ body, principal, event }: HttpRequest<unknown, unknown, { technicianId?: string }>) {
  const who = caller(principal);
  const technicianId = await scheduleOwner(who, body.technicianId);
  if (!technicianId) throw new ValidationFailed('technicianId is required', [{ path: 'body.technicianId', message: 'required' }]);
  if (!(await getTechnician(who.tenantId, technicianId))) throw new NotFound('Technician', technicianId);
  const id = ulid();
  const token = randomBytes(32).toString('base64url');
  const createdAt = new Date().toISOString();
  await createFeed({ id, tenantId: who.tenantId, technicianId, createdAt, createdBy: who.username ?? who.subject, tokenSha256: tokenDigest(token) });
  const url = `${publicBase(event)}/v1/schedule.ics?feed=${id}&token=${token}`;
  return { status: 201, body: { id, technicianId, createdAt, url }, headers: { Location: `/v1/schedule/feeds/${id}` }, audit: { resourceId: id, after: { id, technicianId } } };
}

export const handler = httpRoute(findRoute(schedulingRoutes, 'createScheduleFeed'), createScheduleFeed);
