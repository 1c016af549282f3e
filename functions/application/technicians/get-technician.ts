import { getTechnician as loadTechnician } from '#adapters/dynamodb/technicians-repository';
import { foundOrNotFound } from '#application/visible';
import type { Principal } from '#domain/principal';
import type { Technician } from '#domain/technicians';

/** A technician profile. Steps: load it; NotFound when it does not exist. */
export async function getTechnician(who: Principal, id: string): Promise<Technician> {
  return foundOrNotFound(await loadTechnician(who.tenantId, id), 'Technician', id);
}
