import { getAccount, type Account } from '#adapters/cognito/user-directory';
import { getUserRecord } from '#adapters/dynamodb/users-repository';
import type { User } from '#domain/users';
import { NotFound } from '#platform/errors';

/** A user as Hydrant and Cognito know them; `sameTenant` when the Cognito account is of the caller's tenant. */
export interface UserOfTenant {
  readonly user: User | undefined;
  readonly account: Account | undefined;
  readonly sameTenant: boolean;
}

/**
 * A user of the tenant, for export and erasure. Steps: read the record and the Cognito
 * account at once; either one of this tenant will do (an interrupted erasure may have
 * removed the account, a user made outside Hydrant has no record yet); else 404, so an
 * account of another tenant is not revealed.
 */
export async function userOfTenant(tenantId: string, userId: string): Promise<UserOfTenant> {
  const [user, account] = await Promise.all([getUserRecord(tenantId, userId), getAccount(userId)]);
  const sameTenant = account?.tenantId === tenantId;
  if (!user && !sameTenant) throw new NotFound('User', userId);
  return { user, account, sameTenant };
}
