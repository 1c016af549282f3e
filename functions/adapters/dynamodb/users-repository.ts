/**
 * Hydrant user records in the application table (Cognito holds the credentials). Keys,
 * all under the tenant:
 *   item   PK = T#t#USER#<sub>   SK = USER
 *   all    GSI1PK = T#t#USERS    GSI1SK = <e-mail>#<sub>  (sorted by e-mail)
 * `?role=`, `?active=` and `?search=` filter the tenant's partition: a Query, never a Scan.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Role } from '#domain/principal';
import { userSearchText, type User } from '#domain/users';
import { Conflict, VersionConflict } from '#platform/errors';
import { documentClient, tableName, tenantKey } from './client';
import { withoutKeys } from './items';
import { readPage, type Page } from './query-page';

export const userKey = (tenantId: string, id: string) => ({ PK: tenantKey(tenantId, 'USER', id), SK: 'USER' });

const toUser = (item: Record<string, unknown>): User => {
  const { searchText: _s, ...rest } = withoutKeys<User & { searchText?: string }>(item);
  return rest;
};

function userItem(tenantId: string, user: User): Record<string, unknown> {
  return {
    ...userKey(tenantId, user.id),
    entity: 'user',
    GSI1PK: tenantKey(tenantId, 'USERS'),
    GSI1SK: `${user.email}#${user.id}`,
    searchText: userSearchText(user),
    ...user,
  };
}

export async function createUserRecord(tenantId: string, user: User): Promise<void> {
  try {
    await documentClient.send(new PutCommand({ TableName: tableName, Item: userItem(tenantId, user), ConditionExpression: 'attribute_not_exists(PK)' }));
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw new Conflict('This user already has a record', 'USER_EXISTS');
    throw error;
  }
}

export async function getUserRecord(tenantId: string, id: string): Promise<User | undefined> {
  const out = await documentClient.send(new GetCommand({ TableName: tableName, Key: userKey(tenantId, id) }));
  return out.Item ? toUser(out.Item) : undefined;
}

export interface UserQuery {
  readonly limit: number;
  readonly cursor?: string;
  /** Only these roles (a manager lists technicians and client users). */
  readonly roles: readonly Role[];
  readonly active?: boolean;
  readonly search?: string;
}

export async function listUserRecords(tenantId: string, q: UserQuery): Promise<Page<User>> {
  const pk = tenantKey(tenantId, 'USERS');
  const names: Record<string, string> = { '#role': 'role' };
  const values: Record<string, unknown> = { ':pk': pk };
  q.roles.forEach((role, i) => (values[`:r${i}`] = role));
  const filters = [`#role IN (${q.roles.map((_, i) => `:r${i}`).join(', ')})`];
  if (q.active !== undefined) {
    names['#active'] = 'active';
    values[':active'] = q.active;
    filters.push('#active = :active');
  }
  if (q.search) {
    names['#st'] = 'searchText';
    values[':q'] = userSearchText({ givenName: q.search, familyName: '', email: '' }).trim();
    filters.push('contains(#st, :q)');
  }
  const input: QueryCommandInput = {
    TableName: tableName,
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :pk',
    FilterExpression: filters.join(' AND '),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
  return readPage({ input, partition: { attribute: 'GSI1PK', value: pk }, limit: q.limit, ...(q.cursor !== undefined ? { cursor: q.cursor } : {}) }, toUser);
}

export async function updateUserRecord(tenantId: string, user: User, readVersion: number): Promise<void> {
  try {
    await documentClient.send(
      new PutCommand({ TableName: tableName, Item: userItem(tenantId, user), ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': readVersion } }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw new VersionConflict('The user changed while it was being updated; read it again');
    throw error;
  }
}

export async function deleteUserRecord(tenantId: string, id: string): Promise<void> {
  await documentClient.send(new DeleteCommand({ TableName: tableName, Key: userKey(tenantId, id) }));
}
