/**
 * User administration in the Cognito user pool (the `Admin*` API, `userPool: 'admin'`):
 * Cognito is the source of truth for credentials, groups and whether an account may
 * sign in. A user is addressed by their `sub`, which is their Cognito username in a pool
 * whose users sign in with their e-mail.
 *
 * Temporary passwords: in the cloud Cognito generates one and e-mails the invitation
 * (`TEMPORARY_PASSWORD_DELIVERY=email`, the default); the local stack sets `response`, so
 * Hydrant generates it, passes it to the stand-in and returns it once to the admin.
 */
import { randomBytes, randomInt } from 'node:crypto';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserAttributesCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminUpdateUserAttributesCommand,
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import * as z from 'zod';
import type { Role } from '#domain/principal';
import { readEnv } from '#platform/config';
import { Conflict, NotFound } from '#platform/errors';

const env = readEnv({
  USER_POOL_ID: z.string().min(1),
  TEMPORARY_PASSWORD_DELIVERY: z.enum(['email', 'response']).default('email'),
});
const cognito = new CognitoIdentityProviderClient({});

/** A user's account as Cognito holds it. */
export interface Account {
  readonly sub: string;
  readonly email: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly tenantId: string | undefined;
  readonly clientId: string | undefined;
  readonly enabled: boolean;
  /** FORCE_CHANGE_PASSWORD, CONFIRMED, RESET_REQUIRED... */
  readonly status: string;
  readonly createdAt: string | undefined;
  readonly groups: readonly string[];
}

/** Runs admin calls on one account of the pool, in order; an account that does not exist is a NotFound User. */
async function onAccount(sub: string, calls: (account: { UserPoolId: string; Username: string }) => Promise<void>): Promise<void> {
  try {
    await calls({ UserPoolId: env.USER_POOL_ID, Username: sub });
  } catch (error) {
    if ((error as { name?: string }).name === 'UserNotFoundException') throw new NotFound('User', sub);
    throw error;
  }
}

/** A temporary password that meets the pool policy (12+ characters, the four classes). */
function temporaryPassword(): string {
  const pick = (alphabet: string) => alphabet[randomInt(alphabet.length)] ?? '';
  return `${randomBytes(12).toString('base64url')}${pick('ABCDEFGHJKLMNPQRSTUVWXYZ')}${pick('abcdefghijkmnopqrstuvwxyz')}${pick('23456789')}${pick('!#%+=.')}`;
}

export interface NewAccount {
  readonly email: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly tenantId: string;
  readonly clientId: string | null;
  readonly role: Role;
}

/**
 * Creates the account in FORCE_CHANGE_PASSWORD, with the tenant and client attributes
 * the pre-token trigger copies into tokens, and puts it in its role's group. Returns the
 * `sub` and, when the local stack asks for it, the temporary password.
 */
export async function createAccount(account: NewAccount): Promise<{ sub: string; temporaryPassword?: string }> {
  const password = env.TEMPORARY_PASSWORD_DELIVERY === 'response' ? temporaryPassword() : undefined;
  let sub: string | undefined;
  try {
    const out = await cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: env.USER_POOL_ID,
        Username: account.email,
        DesiredDeliveryMediums: ['EMAIL'],
        ...(password ? { TemporaryPassword: password } : {}),
        UserAttributes: [
          { Name: 'email', Value: account.email },
          { Name: 'email_verified', Value: 'true' },
          { Name: 'given_name', Value: account.givenName },
          { Name: 'family_name', Value: account.familyName },
          { Name: 'custom:tenantId', Value: account.tenantId },
          ...(account.clientId ? [{ Name: 'custom:clientId', Value: account.clientId }] : []),
        ],
      }),
    );
    sub = out.User?.Attributes?.find((a) => a.Name === 'sub')?.Value ?? out.User?.Username;
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === 'UsernameExistsException' || name === 'AliasExistsException') throw new Conflict('A user with this e-mail already exists', 'USER_EXISTS');
    throw error;
  }
  if (!sub) throw new Error('Cognito returned no sub for the new user');
  await cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: env.USER_POOL_ID, Username: sub, GroupName: account.role }));
  return password ? { sub, temporaryPassword: password } : { sub };
}

export async function getAccount(sub: string): Promise<Account | undefined> {
  try {
    const [user, groups] = await Promise.all([
      cognito.send(new AdminGetUserCommand({ UserPoolId: env.USER_POOL_ID, Username: sub })),
      cognito.send(new AdminListGroupsForUserCommand({ UserPoolId: env.USER_POOL_ID, Username: sub, Limit: 60 })),
    ]);
    const attribute = (name: string) => user.UserAttributes?.find((a) => a.Name === name)?.Value;
    return {
      sub: attribute('sub') ?? sub,
      email: attribute('email') ?? '',
      givenName: attribute('given_name') ?? '',
      familyName: attribute('family_name') ?? '',
      tenantId: attribute('custom:tenantId'),
      clientId: attribute('custom:clientId'),
      enabled: user.Enabled ?? true,
      status: user.UserStatus ?? 'UNKNOWN',
      createdAt: user.UserCreateDate?.toISOString(),
      groups: (groups.Groups ?? []).map((g) => g.GroupName ?? '').filter(Boolean),
    };
  } catch (error) {
    if ((error as { name?: string }).name === 'UserNotFoundException') return undefined;
    throw error;
  }
}

/** Moves the account to the group of its new role (effective at its next token). */
export async function moveToRole(sub: string, from: Role, to: Role): Promise<void> {
  await onAccount(sub, async (account) => {
    await cognito.send(new AdminAddUserToGroupCommand({ ...account, GroupName: to }));
    await cognito.send(new AdminRemoveUserFromGroupCommand({ ...account, GroupName: from }));
  });
}

/** Sets (or, with null, removes) attributes: names and the client of a client user. */
export async function updateAccountAttributes(sub: string, attributes: Partial<{ givenName: string; familyName: string; clientId: string | null }>): Promise<void> {
  const set = [
    ...(attributes.givenName !== undefined ? [{ Name: 'given_name', Value: attributes.givenName }] : []),
    ...(attributes.familyName !== undefined ? [{ Name: 'family_name', Value: attributes.familyName }] : []),
    ...(attributes.clientId ? [{ Name: 'custom:clientId', Value: attributes.clientId }] : []),
  ];
  await onAccount(sub, async (account) => {
    if (set.length) await cognito.send(new AdminUpdateUserAttributesCommand({ ...account, UserAttributes: set }));
    // A user who stops being a client user loses the attribute.
    if (attributes.clientId === null) await cognito.send(new AdminDeleteUserAttributesCommand({ ...account, UserAttributeNames: ['custom:clientId'] }));
  });
}

/** Disables the account and revokes every refresh token it holds (and the tokens issued from them). */
export async function disableAccount(sub: string): Promise<void> {
  await onAccount(sub, async (account) => {
    await cognito.send(new AdminDisableUserCommand(account));
    await cognito.send(new AdminUserGlobalSignOutCommand(account));
  });
}

export async function enableAccount(sub: string): Promise<void> {
  await onAccount(sub, async (account) => {
    await cognito.send(new AdminEnableUserCommand(account));
  });
}

/** Signs the account out everywhere, then deletes it. An account already gone is fine. */
export async function deleteAccount(sub: string): Promise<void> {
  try {
    await cognito.send(new AdminUserGlobalSignOutCommand({ UserPoolId: env.USER_POOL_ID, Username: sub }));
    await cognito.send(new AdminDeleteUserCommand({ UserPoolId: env.USER_POOL_ID, Username: sub }));
  } catch (error) {
    if ((error as { name?: string }).name !== 'UserNotFoundException') throw error;
  }
}
