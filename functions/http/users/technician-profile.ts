/** Keeps a technician profile's copied name in step with its user's names. */
import { getTechnician, updateTechnician } from '#adapters/dynamodb/technicians-repository';
import { applyTechnicianPatch } from '#domain/technicians';
import { displayName, type User } from '#domain/users';

export async function syncTechnicianName(tenantId: string, before: User, after: User): Promise<void> {
  if (!after.technicianId || displayName(before) === displayName(after)) return;
  const technician = await getTechnician(tenantId, after.technicianId);
  if (!technician || technician.userId !== after.id) return;
  await updateTechnician(tenantId, applyTechnicianPatch(technician, { name: displayName(after) }, after.updatedAt), technician.version);
}
