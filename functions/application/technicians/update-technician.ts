import { getTechnician, updateTechnician as saveTechnician } from '#adapters/dynamodb/technicians-repository';
import { foundOrNotFound, type VersionCheck, type Change } from '#application/visible';
import type { Principal } from '#domain/principal';
import { applyTechnicianPatch, type Technician, type TechnicianPatch } from '#domain/technicians';

/** Edits a technician profile. Steps: load it (NotFound); the caller's precondition on the version read; apply the patch; save on the version read. */
export async function updateTechnician(who: Principal, id: string, patch: TechnicianPatch, precondition: VersionCheck): Promise<Change<Technician>> {
  const technician = foundOrNotFound(await getTechnician(who.tenantId, id), 'Technician', id);
  precondition(technician);
  const updated = applyTechnicianPatch(technician, patch, new Date().toISOString());
  await saveTechnician(who.tenantId, updated, technician.version);
  return { before: technician, after: updated };
}
