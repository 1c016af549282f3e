/**
 * User administration operations (`Admin*`, `ListUsers`, `ListUsersInGroup`).
 */
import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { setPassword, touch, userAttributesToApi } from '../accounts';
import { checkRequiredAttributes, validateAttributes } from '../attributes';
import { CognitoError, errors } from '../errors';
import { generateTemporaryPassword } from '../passwords';
import { usernameKey, type User } from '../store';
import { epochSeconds, fields, operation } from './operation';
import { groupToApi } from './pools';
import { mfaSettingsToApi } from './mfa';

/** A user in the `UserType` shape of `AdminCreateUser` and `ListUsers`. */
function userToApi(user: User, only?: readonly string[]): object {
  return {
    Username: user.username,
    Attributes: userAttributesToApi(user, only),
    UserCreateDate: epochSeconds(user.createdAt),
    UserLastModifiedDate: epochSeconds(user.modifiedAt),
    Enabled: user.enabled,
    UserStatus: user.status,
  };
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/**
 * `AdminCreateUser`: the user starts in `FORCE_CHANGE_PASSWORD` with a temporary password.
 * In pools that sign in with e-mail, the `Username` is the e-mail and the user's real
 * username is a generated UUID, as in Cognito. The invitation (with the temporary password)
 * is "delivered" to the stand-in's mailbox unless `MessageAction` is `SUPPRESS`.
 */
const adminCreateUser = operation(
  z.object({
    UserPoolId: fields.userPoolId,
    Username: fields.username,
    UserAttributes: fields.attributes.optional(),
    ValidationData: fields.attributes.optional(),
    TemporaryPassword: fields.password.optional(),
    ForceAliasCreation: z.boolean().optional(),
    MessageAction: z.enum(['RESEND', 'SUPPRESS']).optional(),
    DesiredDeliveryMediums: z.array(z.enum(['SMS', 'EMAIL'])).optional(),
    ClientMetadata: fields.stringMap.optional(),
  }),
  async (ctx, input) => {
    const pool = ctx.store.pool(input.UserPoolId);
    const given = input.UserAttributes ?? [];
    validateAttributes(pool.schema, given, true);
    const attributes = new Map(given.map((a) => [a.Name, a.Value ?? '']));

    if (input.MessageAction === 'RESEND') {
      const user = ctx.store.user(pool, input.Username);
      if (user.status !== 'FORCE_CHANGE_PASSWORD') {
        throw new CognitoError('UnsupportedUserStateException', 'Resend not possible. User is not in FORCE_CHANGE_PASSWORD state.');
      }
      await setPassword(ctx, pool, user, input.TemporaryPassword ?? generateTemporaryPassword(pool.passwordPolicy), false);
      return { User: userToApi(user) };
    }

    const sub = randomUUID();
    let username = input.Username;
    if (pool.usernameAttributes.includes('email') && EMAIL.test(input.Username)) {
      attributes.set('email', input.Username);
      username = sub;
    } else if (pool.usernameAttributes.length > 0) {
      throw errors.invalidParameter(`Username should be ${pool.usernameAttributes.includes('email') ? 'an email' : 'a phone number'}.`);
    }
    if (ctx.store.findUser(pool, input.Username)) {
      throw new CognitoError('UsernameExistsException', 'User account already exists');
    }
    checkRequiredAttributes(pool.schema, attributes);

    const now = new Date(ctx.now());
    const user: User = {
      username,
      sub,
      attributes,
      enabled: true,
      status: 'FORCE_CHANGE_PASSWORD',
      groups: new Set(),
      sessions: new Set(),
      createdAt: now,
      modifiedAt: now,
    };
    const temporaryPassword = input.TemporaryPassword ?? generateTemporaryPassword(pool.passwordPolicy);
    await setPassword(ctx, pool, user, temporaryPassword, false);
    pool.users.set(usernameKey(pool, username), user);
    // Cognito e-mails the invitation with the temporary password unless told not to.
    const email = attributes.get('email');
    if (input.MessageAction !== 'SUPPRESS' && email) {
      ctx.store.deliver({ userPoolId: pool.id, to: email, kind: 'invitation', secret: temporaryPassword, sentAt: new Date(ctx.now()).toISOString() });
    }
    return { User: userToApi(user) };
  },
);

/** `AdminSetUserPassword`: permanent (user confirmed) or temporary (must change it). */
const adminSetUserPassword = operation(
  z.object({ UserPoolId: fields.userPoolId, Username: fields.username, Password: fields.password, Permanent: z.boolean().optional() }),
  async (ctx, input) => {
    const pool = ctx.store.pool(input.UserPoolId);
    await setPassword(ctx, pool, ctx.store.user(pool, input.Username), input.Password, input.Permanent ?? false);
    return {};
  },
);

const adminGetUser = operation(z.object({ UserPoolId: fields.userPoolId, Username: fields.username }), async (ctx, input) => {
  const pool = ctx.store.pool(input.UserPoolId);
  const user = ctx.store.user(pool, input.Username);
  return {
    Username: user.username,
    UserAttributes: userAttributesToApi(user),
    UserCreateDate: epochSeconds(user.createdAt),
    UserLastModifiedDate: epochSeconds(user.modifiedAt),
    Enabled: user.enabled,
    UserStatus: user.status,
    ...mfaSettingsToApi(user),
  };
});

const adminUpdateUserAttributes = operation(
  z.object({ UserPoolId: fields.userPoolId, Username: fields.username, UserAttributes: fields.attributes, ClientMetadata: fields.stringMap.optional() }),
  async (ctx, input) => {
    const pool = ctx.store.pool(input.UserPoolId);
    const user = ctx.store.user(pool, input.Username);
    validateAttributes(pool.schema, input.UserAttributes, false);
    for (const { Name, Value } of input.UserAttributes) {
      const holder = pool.usernameAttributes.includes(Name) && Value ? ctx.store.findUser(pool, Value) : undefined;
      if (holder && holder !== user) throw new CognitoError('AliasExistsException', `An account with the given ${Name} already exists.`);
    }
    for (const { Name, Value } of input.UserAttributes) {
      if (Value === undefined || Value === '') user.attributes.delete(Name);
      else user.attributes.set(Name, Value);
    }
    touch(ctx, user);
    return {};
  },
);

/** `AdminDeleteUserAttributes`: removes attributes (required ones cannot be). */
const adminDeleteUserAttributes = operation(
  z.object({ UserPoolId: fields.userPoolId, Username: fields.username, UserAttributeNames: z.array(z.string().min(1).max(32)) }),
  async (ctx, input) => {
    const pool = ctx.store.pool(input.UserPoolId);
    const user = ctx.store.user(pool, input.Username);
    for (const name of input.UserAttributeNames) {
      if (pool.schema.get(name)?.required) throw errors.invalidParameter(`Cannot delete required attribute: ${name}`);
    }
    for (const name of input.UserAttributeNames) user.attributes.delete(name);
    touch(ctx, user);
    return {};
  },
);

function enableOperation(enabled: boolean) {
  return operation(z.object({ UserPoolId: fields.userPoolId, Username: fields.username }), async (ctx, input) => {
    const pool = ctx.store.pool(input.UserPoolId);
    const user = ctx.store.user(pool, input.Username);
    user.enabled = enabled;
    touch(ctx, user);
    return {};
  });
}

const adminDeleteUser = operation(z.object({ UserPoolId: fields.userPoolId, Username: fields.username }), async (ctx, input) => {
  const pool = ctx.store.pool(input.UserPoolId);
  const user = ctx.store.user(pool, input.Username);
  ctx.store.revokeAllSessions(user);
  pool.users.delete(usernameKey(pool, user.username));
  return {};
});

/** `AdminUserGlobalSignOut`: revokes every refresh token of the user and their tokens. */
const adminUserGlobalSignOut = operation(z.object({ UserPoolId: fields.userPoolId, Username: fields.username }), async (ctx, input) => {
  const pool = ctx.store.pool(input.UserPoolId);
  ctx.store.revokeAllSessions(ctx.store.user(pool, input.Username));
  return {};
});

const membershipInput = z.object({ UserPoolId: fields.userPoolId, Username: fields.username, GroupName: fields.groupName });

const adminAddUserToGroup = operation(membershipInput, async (ctx, input) => {
  const pool = ctx.store.pool(input.UserPoolId);
  const group = ctx.store.group(pool, input.GroupName);
  ctx.store.user(pool, input.Username).groups.add(group.name);
  return {};
});

const adminRemoveUserFromGroup = operation(membershipInput, async (ctx, input) => {
  const pool = ctx.store.pool(input.UserPoolId);
  const group = ctx.store.group(pool, input.GroupName);
  ctx.store.user(pool, input.Username).groups.delete(group.name);
  return {};
});

/** Pages a list with an opaque token holding the offset of the next item. */
function page<T>(items: T[], limit: number | undefined, token: string | undefined, max: number): { items: T[]; next?: string } {
  const start = token ? Number(Buffer.from(token, 'base64url').toString()) : 0;
  if (!Number.isInteger(start) || start < 0) throw errors.invalidParameter('Invalid pagination token.');
  const end = start + Math.min(limit ?? max, max);
  return { items: items.slice(start, end), ...(end < items.length ? { next: Buffer.from(String(end)).toString('base64url') } : {}) };
}

const adminListGroupsForUser = operation(
  z.object({ UserPoolId: fields.userPoolId, Username: fields.username, Limit: z.number().int().min(0).max(60).optional(), NextToken: z.string().optional() }),
  async (ctx, input) => {
    const pool = ctx.store.pool(input.UserPoolId);
    const user = ctx.store.user(pool, input.Username);
    const groups = [...user.groups].flatMap((name) => {
      const group = pool.groups.get(name);
      return group ? [groupToApi(pool.id, group)] : [];
    });
    const { items, next } = page(groups, input.Limit, input.NextToken, 60);
    return { Groups: items, ...(next ? { NextToken: next } : {}) };
  },
);

const listUsersInGroup = operation(
  z.object({ UserPoolId: fields.userPoolId, GroupName: fields.groupName, Limit: z.number().int().min(0).max(60).optional(), NextToken: z.string().optional() }),
  async (ctx, input) => {
    const pool = ctx.store.pool(input.UserPoolId);
    const group = ctx.store.group(pool, input.GroupName);
    const members = [...pool.users.values()].filter((u) => u.groups.has(group.name)).map((u) => userToApi(u));
    const { items, next } = page(members, input.Limit, input.NextToken, 60);
    return { Users: items, ...(next ? { NextToken: next } : {}) };
  },
);

// The attributes ListUsers can filter on (API reference, "ListUsers" Filter).
const FILTERABLE = new Set(['username', 'email', 'phone_number', 'name', 'given_name', 'family_name', 'preferred_username', 'cognito:user_status', 'status', 'sub']);

/** Parses a `ListUsers` filter: `attribute = "value"` or `attribute ^= "value"`. */
function parseFilter(filter: string): (user: User) => boolean {
  const match = /^\s*([\w:]+)\s*(\^?=)\s*"((?:[^"\\]|\\.)*)"\s*$/.exec(filter);
  if (!match) throw errors.invalidParameter('Error while parsing filter.');
  const [, attribute = '', operator, raw = ''] = match;
  if (!FILTERABLE.has(attribute)) throw errors.invalidParameter('Invalid search attribute');
  const wanted = raw.replace(/\\(.)/g, '$1');
  const valueOf = (user: User): string | undefined => {
    switch (attribute) {
      case 'username': return user.username;
      case 'sub': return user.sub;
      case 'cognito:user_status': return user.status;
      case 'status': return user.enabled ? 'Enabled' : 'Disabled';
      default: return user.attributes.get(attribute);
    }
  };
  return (user) => {
    const value = valueOf(user);
    if (value === undefined) return false;
    return operator === '=' ? value === wanted : value.startsWith(wanted);
  };
}

const listUsers = operation(
  z.object({
    UserPoolId: fields.userPoolId,
    AttributesToGet: z.array(z.string()).optional(),
    Limit: z.number().int().min(0).max(60).optional(),
    PaginationToken: z.string().optional(),
    Filter: z.string().max(256).optional(),
  }),
  async (ctx, input) => {
    const pool = ctx.store.pool(input.UserPoolId);
    const matches = input.Filter ? parseFilter(input.Filter) : () => true;
    const users = [...pool.users.values()].filter(matches).map((u) => userToApi(u, input.AttributesToGet));
    const { items, next } = page(users, input.Limit, input.PaginationToken, 60);
    return { Users: items, ...(next ? { PaginationToken: next } : {}) };
  },
);

/** The user administration operations, by operation name. */
export const userOperations = {
  AdminCreateUser: adminCreateUser,
  AdminSetUserPassword: adminSetUserPassword,
  AdminGetUser: adminGetUser,
  AdminUpdateUserAttributes: adminUpdateUserAttributes,
  AdminDeleteUserAttributes: adminDeleteUserAttributes,
  AdminDisableUser: enableOperation(false),
  AdminEnableUser: enableOperation(true),
  AdminDeleteUser: adminDeleteUser,
  AdminUserGlobalSignOut: adminUserGlobalSignOut,
  AdminAddUserToGroup: adminAddUserToGroup,
  AdminRemoveUserFromGroup: adminRemoveUserFromGroup,
  AdminListGroupsForUser: adminListGroupsForUser,
  ListUsersInGroup: listUsersInGroup,
  ListUsers: listUsers,
};
