/** A technician user's profile: made (or found again) when a user becomes a technician, and its copied name kept in step. */
import { ulid } from 'ulid';
import { createTechnician, findTechnicianByUser, getTechnician, updateTechnician } from '#adapters/dynamodb/technicians-repository';
import { applyTechnicianPatch, newTechnician } from '#domain/technicians';
import { displayName, type User } from '#domain/users';

/**
 * The id of the technician profile linked to a user, made when there is none. Steps:
 * a profile already linked to the user is taken again (an earlier attempt that made it
 * and then failed, e.g. on a concurrent write of the user's record, left it behind:
 * a retry must not make a second one); else a new profile with the user's name and
 * e-mail, no skills.
 */
export async function technicianProfileOf(tenantId: string, user: { id: string; name: string; email: string }, now: string): Promise<string> {
  const linked = await findTechnicianByUser(tenantId, [user.id]);
  if (linked) return linked.id;
  const profile = newTechnician(ulid(), { name: user.name, userId: user.id, email: user.email, skills: [] }, now);
  await createTechnician(tenantId, profile);
  return profile.id;
}

/** Keeps a technician profile's copied name in step with its user's names. */
export async function syncTechnicianName(tenantId: string, before: User, after: User): Promise<void> {
  if (!after.technicianId || displayName(before) === displayName(after)) return;
  const technician = await getTechnician(tenantId, after.technicianId);
  if (!technician || technician.userId !== after.id) return;
  await updateTechnician(tenantId, applyTechnicianPatch(technician, { name: displayName(after) }, after.updatedAt), technician.version);
}
