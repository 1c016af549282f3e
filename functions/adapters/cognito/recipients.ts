/**
 * The directory port of notifications: which users of a tenant hold a role. Backed by
 * the Cognito user pool's groups (`ListUsersInGroup`, filtered on `custom:tenantId`,
 * since a pool holds every tenant); answers are kept one minute per execution
 * environment, so a batch of events asks Cognito once per role.
 *
 * IDENTITY HOOK: when identity (feat/identity) keeps users in a table, swap the body of
 * `recipientsFor` for a query of that table; callers only see `Recipient[]`.
 *
 * Env: `USER_POOL_ID` (set with the ListUsersInGroup grant by the stacks, `userPool: 'directory'`).
 */
import { CognitoIdentityProviderClient, ListUsersInGroupCommand, type UserType } from '@aws-sdk/client-cognito-identity-provider';
import * as z from 'zod';
import { readEnv } from '#platform/config';
import { tracer } from '#platform/observability';

export interface Recipient {
  /** Cognito `sub`: the principal's `subject`, the key of the user's notifications. */
  readonly userId: string;
  readonly email?: string;
}

const { USER_POOL_ID } = readEnv({ USER_POOL_ID: z.string().min(1) });
const cognito = tracer.captureAWSv3Client(new CognitoIdentityProviderClient({}));
const CACHE_MS = 60_000;
const cache = new Map<string, { at: number; users: Promise<Recipient[]> }>();

const attribute = (user: UserType, name: string) => user.Attributes?.find((a) => a.Name === name)?.Value;

async function fetchRole(tenantId: string, role: string): Promise<Recipient[]> {
  const found: Recipient[] = [];
  let token: string | undefined;
  do {
    const out = await cognito.send(new ListUsersInGroupCommand({ UserPoolId: USER_POOL_ID, GroupName: role, Limit: 60, NextToken: token }));
    for (const user of out.Users ?? []) {
      const sub = attribute(user, 'sub');
      if (!sub || user.Enabled === false || attribute(user, 'custom:tenantId') !== tenantId) continue;
      const email = attribute(user, 'email');
      found.push(email ? { userId: sub, email } : { userId: sub });
    }
    token = out.NextToken;
  } while (token);
  return found;
}

/** The enabled users of `tenantId` in the Cognito group `role`. */
export async function recipientsFor(tenantId: string, role: string): Promise<Recipient[]> {
  const key = `${tenantId}\u0000${role}`;
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.users;
  const users = fetchRole(tenantId, role);
  cache.set(key, { at: Date.now(), users });
  users.catch(() => cache.delete(key));
  return users;
}
