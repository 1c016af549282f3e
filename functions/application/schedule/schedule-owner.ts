import { findTechnicianByUser } from '#adapters/dynamodb/technicians-repository';
import type { Principal } from '#domain/principal';
import { Forbidden } from '#platform/errors';

/**
 * The technician whose schedule a caller acts on. Steps: staff act on whoever they
 * name (or everyone); technicians on their own profile only (403 for another's, or
 * without a profile).
 */
export async function scheduleOwner(who: Principal, technicianId: string | undefined): Promise<string | undefined> {
  if (who.role !== 'technician') return technicianId;
  const own = await findTechnicianByUser(who.tenantId, [who.username, who.subject]);
  if (!own) throw new Forbidden('Your user has no technician profile');
  if (technicianId !== undefined && technicianId !== own.id) throw new Forbidden('Technicians read only their own schedule');
  return own.id;
}
