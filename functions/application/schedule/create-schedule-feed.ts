/**
 * A calendar feed of a technician's visits. Steps:
 *   1. whose feed ({@link scheduleOwner}: technicians their own; staff must name one, 400
 *      otherwise); the technician must exist;
 *   2. a random 256-bit token, kept as its SHA-256;
 *   3. the URL (the API's configured public URL, never the request's Host) with the feed
 *      id and the token, shown once.
 */
import { randomBytes } from 'node:crypto';
import { ulid } from 'ulid';
import { createFeed, tokenDigest } from '#adapters/dynamodb/schedule-repository';
import { getTechnician } from '#adapters/dynamodb/technicians-repository';
import type { Principal } from '#domain/principal';
import { publicUrlEnv, readEnv } from '#platform/config';
import { NotFound, ValidationFailed } from '#platform/errors';
import { scheduleOwner } from './schedule-owner';

const { API_PUBLIC_URL } = readEnv(publicUrlEnv);

export interface NewScheduleFeed {
  readonly id: string;
  readonly technicianId: string;
  readonly createdAt: string;
  /** Holds the token: shown this once, never stored. */
  readonly url: string;
}

export async function createScheduleFeed(who: Principal, asked: { technicianId?: string }): Promise<NewScheduleFeed> {
  const technicianId = await scheduleOwner(who, asked.technicianId);
  if (!technicianId) throw new ValidationFailed('technicianId is required', [{ path: 'body.technicianId', message: 'required' }]);
  if (!(await getTechnician(who.tenantId, technicianId))) throw new NotFound('Technician', technicianId);
  const id = ulid();
  const token = randomBytes(32).toString('base64url');
  const createdAt = new Date().toISOString();
  await createFeed({ id, tenantId: who.tenantId, technicianId, createdAt, createdBy: who.username ?? who.subject, tokenSha256: tokenDigest(token) });
  return { id, technicianId, createdAt, url: `${API_PUBLIC_URL}/v1/schedule.ics?feed=${id}&token=${token}` };
}
