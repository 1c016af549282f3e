import { entriesBetween } from '#adapters/dynamodb/schedule-repository';
import { findTechnicianByUser } from '#adapters/dynamodb/technicians-repository';
import { findRoute } from '#lib/model/find-route';
import { scheduleRoutes } from '#lib/model/routes/schedule';
import { Forbidden } from '#platform/errors';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller } from '#http-stack/resources';
import type { Principal } from '#domain/principal';

/**
 * The technician whose schedule a caller reads: technicians their own profile only
 * (403 for another's, or without a profile); staff whoever they name, or everyone.
 */
export async function scheduleOwner(who: Principal, technicianId: string | undefined): Promise<string | undefined> {
  if (who.role !== 'technician') return technicianId;
  const own = await findTechnicianByUser(who.tenantId, [who.username, who.subject]);
  if (!own) throw new Forbidden('Your user has no technician profile');
  if (technicianId !== undefined && technicianId !== own.id) throw new Forbidden("Technicians read only their own schedule");
  return own.id;
}

export async function getSchedule({ query, principal }: HttpRequest<never, { technicianId?: string; from: string; to: string }>) {
  const who = caller(principal);
  const technicianId = await scheduleOwner(who, query.technicianId);
  const entries = await entriesBetween(who.tenantId, { from: query.from, to: query.to, ...(technicianId ? { technicianId } : {}) });
  return { status: 200, body: { data: entries } };
}

export const handler = httpRoute(findRoute(scheduleRoutes, 'getSchedule'), getSchedule);
