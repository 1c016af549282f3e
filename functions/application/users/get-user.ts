import { getUserRecord } from '#adapters/dynamodb/users-repository';
import type { Principal } from '#domain/principal';
import { canSeeUser, type User } from '#domain/users';
import { NotFound } from '#platform/errors';

/** A user of the caller's tenant it may see (a manager: technicians and client users); anything else is 404. */
export async function getUser(who: Principal, id: string): Promise<User> {
  const user = await getUserRecord(who.tenantId, id);
  if (!user || !canSeeUser(who, user)) throw new NotFound('User', id);
  return user;
}
