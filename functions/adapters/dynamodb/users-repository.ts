/**
 * Hydrant user records in the application table (Cognito holds the credentials). Keys,
 * all under the tenant:
 *   item   PK = T#t#USER#<sub>   SK = USER
 *   all    GSI1PK = T#t#USERS    GSI1SK = <e-mail>#<sub>  (sorted by e-mail)
 * `?role=`, `?active=` and `?search=` filter the tenant's partition: a Query, never a Scan.
 */
import type { Role } from '#domain/principal';
import { userSearchText, type User } from '#domain/users';
import { Conflict } from '#platform/errors';
import { tenantKey } from './client';
import { entityRepository } from './entity-repository';
import { withoutKeys } from './items';
import type { Page } from './query-page';

export const userKey = (tenantId: string, id: string) => ({ PK: tenantKey(tenantId, 'USER', id), SK: 'USER' });

const users = entityRepository<User>()({
  entity: 'user',
  key: userKey,
  indexes: { all: { name: 'GSI1', partition: (t: string) => tenantKey(t, 'USERS'), entry: (u) => ({ in: undefined, sort: `${u.email}#${u.id}` }) } },
  attributes: (user) => ({ searchText: userSearchText(user), ...user }),
  fromItem: (item) => {
    const { searchText: _s, ...rest } = withoutKeys<User & { searchText?: string }>(item);
    return rest;
  },
  exists: () => new Conflict('This user already has a record', 'USER_EXISTS'),
});

export const createUserRecord = users.create;

export const getUserRecord = (tenantId: string, id: string): Promise<User | undefined> => users.get(tenantId, id);

export interface UserQuery {
  readonly limit: number;
  readonly cursor?: string;
  /** Only these roles (a manager lists technicians and client users). */
  readonly roles: readonly Role[];
  readonly active?: boolean;
  readonly search?: string;
}

export async function listUserRecords(tenantId: string, q: UserQuery): Promise<Page<User>> {
  const search = q.search ? userSearchText({ givenName: q.search, familyName: '', email: '' }).trim() : undefined;
  return users.list(tenantId, 'all', undefined, { limit: q.limit, cursor: q.cursor, where: { oneOf: { role: q.roles }, equals: { active: q.active }, contains: { searchText: search } } });
}

export const updateUserRecord = users.putVersion;

export const deleteUserRecord = users.delete;
