import { randomBytes } from 'node:crypto';
import { ulid } from 'ulid';
import { createFeed, tokenDigest } from '#adapters/dynamodb/schedule-repository';
import { getTechnician } from '#adapters/dynamodb/technicians-repository';
import { findRoute } from '#lib/model/find-route';
import { scheduleRoutes } from '#lib/model/routes/schedule';
import { publicUrlEnv, readEnv } from '#platform/config';
import { NotFound, ValidationFailed } from '#platform/errors';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller } from '#http-stack/resources';
import { scheduleOwner } from './list';

const { API_PUBLIC_URL } = readEnv(publicUrlEnv);

/**
 * Steps: whose feed (technicians: their own); a random 256-bit token, kept as its
 * SHA-256; the URL (the API's configured public URL, never the request's Host) with
 * the feed id and the token, shown once.
 */
export async function createScheduleFeed({ body, principal }: HttpRequest<unknown, unknown, { technicianId?: string }>) {
  const who = caller(principal);
  const technicianId = await scheduleOwner(who, body.technicianId);
  if (!technicianId) throw new ValidationFailed('technicianId is required', [{ path: 'body.technicianId', message: 'required' }]);
  if (!(await getTechnician(who.tenantId, technicianId))) throw new NotFound('Technician', technicianId);
  const id = ulid();
  const token = randomBytes(32).toString('base64url');
  const createdAt = new Date().toISOString();
  await createFeed({ id, tenantId: who.tenantId, technicianId, createdAt, createdBy: who.username ?? who.subject, tokenSha256: tokenDigest(token) });
  const url = `${API_PUBLIC_URL}/v1/schedule.ics?feed=${id}&token=${token}`;
  return { status: 201, body: { id, technicianId, createdAt, url }, headers: { Location: `/v1/schedule/feeds/${id}` }, audit: { resourceId: id, after: { id, technicianId } } };
}

export const handler = httpRoute(findRoute(scheduleRoutes, 'createScheduleFeed'), createScheduleFeed);
