/**
 * Pool configuration operations: user pools, app clients, resource servers, groups.
 */
import * as z from 'zod';
import { declareAttributes, schemaToApi, standardSchema } from '../attributes';
import { CognitoError, errors } from '../errors';
import { defaultPasswordPolicy } from '../passwords';
import { randomId, type AppClient, type Group, type ResourceServer, type TokenValidity, type UserPool } from '../store';
import { epochSeconds, fields, operation } from './operation';

const ACCOUNT_ID = '000000000000';
const MIXED_ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

const schemaAttribute = z.object({
  Name: z.string().min(1).max(20).optional(),
  AttributeDataType: z.enum(['String', 'Number', 'DateTime', 'Boolean']).optional(),
  DeveloperOnlyAttribute: z.boolean().optional(),
  Mutable: z.boolean().optional(),
  Required: z.boolean().optional(),
  NumberAttributeConstraints: z.object({ MinValue: z.string().optional(), MaxValue: z.string().optional() }).optional(),
  StringAttributeConstraints: z.object({ MinLength: z.string().optional(), MaxLength: z.string().optional() }).optional(),
});

function describePool(pool: UserPool): object {
  const p = pool.passwordPolicy;
  return {
    Id: pool.id,
    Name: pool.name,
    Arn: pool.arn,
    Policies: {
      PasswordPolicy: {
        MinimumLength: p.minimumLength,
        RequireUppercase: p.requireUppercase,
        RequireLowercase: p.requireLowercase,
        RequireNumbers: p.requireNumbers,
        RequireSymbols: p.requireSymbols,
        TemporaryPasswordValidityDays: p.temporaryPasswordValidityDays,
      },
    },
    LambdaConfig: {},
    SchemaAttributes: schemaToApi(pool.schema),
    ...(pool.usernameAttributes.length > 0 ? { UsernameAttributes: pool.usernameAttributes } : {}),
    AutoVerifiedAttributes: pool.autoVerifiedAttributes,
    UsernameConfiguration: { CaseSensitive: pool.caseSensitive },
    MfaConfiguration: pool.mfaConfiguration,
    EstimatedNumberOfUsers: pool.users.size,
    CreationDate: epochSeconds(pool.createdAt),
    LastModifiedDate: epochSeconds(pool.modifiedAt),
  };
}

/** `CreateUserPool`: password policy, schema (custom attributes), sign-in attributes. */
const createUserPool = operation(
  z.object({
    PoolName: z.string().min(1).max(128),
    Policies: z
      .object({
        PasswordPolicy: z
          .object({
            MinimumLength: z.number().int().min(6).max(99).optional(),
            RequireUppercase: z.boolean().optional(),
            RequireLowercase: z.boolean().optional(),
            RequireNumbers: z.boolean().optional(),
            RequireSymbols: z.boolean().optional(),
            TemporaryPasswordValidityDays: z.number().int().min(0).max(365).optional(),
          })
          .optional(),
      })
      .optional(),
    Schema: z.array(schemaAttribute).max(50).optional(),
    UsernameAttributes: z.array(z.enum(['email', 'phone_number'])).optional(),
    AliasAttributes: z.array(z.string()).optional(),
    AutoVerifiedAttributes: z.array(z.enum(['email', 'phone_number'])).optional(),
    UsernameConfiguration: z.object({ CaseSensitive: z.boolean() }).optional(),
    MfaConfiguration: z.enum(['OFF', 'ON', 'OPTIONAL']).optional(),
  }),
  async (ctx, input, meta) => {
    // Refuse what would silently behave differently from the cloud.
    if (input.AliasAttributes?.length) throw unsupported('AliasAttributes');
    if (input.MfaConfiguration === 'ON') throw unsupported('MfaConfiguration ON');
    const schema = standardSchema();
    declareAttributes(schema, input.Schema ?? [], false);
    const policy = input.Policies?.PasswordPolicy ?? {};
    const id = `${meta.region}_${randomId(9, MIXED_ALPHANUMERIC)}`;
    const now = new Date(ctx.now());
    const pool: UserPool = {
      id,
      name: input.PoolName,
      region: meta.region,
      arn: `arn:aws:cognito-idp:${meta.region}:${ACCOUNT_ID}:userpool/${id}`,
      passwordPolicy: {
        minimumLength: policy.MinimumLength ?? defaultPasswordPolicy.minimumLength,
        requireUppercase: policy.RequireUppercase ?? defaultPasswordPolicy.requireUppercase,
        requireLowercase: policy.RequireLowercase ?? defaultPasswordPolicy.requireLowercase,
        requireNumbers: policy.RequireNumbers ?? defaultPasswordPolicy.requireNumbers,
        requireSymbols: policy.RequireSymbols ?? defaultPasswordPolicy.requireSymbols,
        temporaryPasswordValidityDays: policy.TemporaryPasswordValidityDays ?? defaultPasswordPolicy.temporaryPasswordValidityDays,
      },
      schema,
      usernameAttributes: input.UsernameAttributes ?? [],
      autoVerifiedAttributes: input.AutoVerifiedAttributes ?? [],
      // Pools created through the API without UsernameConfiguration are case-sensitive.
      caseSensitive: input.UsernameConfiguration?.CaseSensitive ?? true,
      mfaConfiguration: input.MfaConfiguration ?? 'OFF',
      clients: new Map(),
      resourceServers: new Map(),
      groups: new Map(),
      users: new Map(),
      createdAt: now,
      modifiedAt: now,
    };
    ctx.store.pools.set(id, pool);
    return { UserPool: describePool(pool) };
  },
);

function unsupported(feature: string): CognitoError {
  return errors.invalidParameter(`${feature} is not supported by the local Cognito stand-in.`);
}

const describeUserPool = operation(z.object({ UserPoolId: fields.userPoolId }), async (ctx, input) => ({
  UserPool: describePool(ctx.store.pool(input.UserPoolId)),
}));

const deleteUserPool = operation(z.object({ UserPoolId: fields.userPoolId }), async (ctx, input) => {
  ctx.store.deletePool(ctx.store.pool(input.UserPoolId));
  return {};
});

const addCustomAttributes = operation(
  z.object({ UserPoolId: fields.userPoolId, CustomAttributes: z.array(schemaAttribute).min(1).max(25) }),
  async (ctx, input) => {
    const pool = ctx.store.pool(input.UserPoolId);
    declareAttributes(pool.schema, input.CustomAttributes, true);
    pool.modifiedAt = new Date(ctx.now());
    return {};
  },
);

const SECONDS_PER_UNIT = { seconds: 1, minutes: 60, hours: 3600, days: 86_400 } as const;
type TimeUnit = keyof typeof SECONDS_PER_UNIT;
const timeUnit = z.enum(['seconds', 'minutes', 'hours', 'days']);

// Cognito's defaults and limits for token lifetimes (developer guide, "app client settings").
const ACCESS_OR_ID_RANGE = [300, 86_400] as const;
const REFRESH_RANGE = [3_600, 3_650 * 86_400] as const;

const validityInput = z.object({
  AccessTokenValidity: z.number().int().positive().optional(),
  IdTokenValidity: z.number().int().positive().optional(),
  RefreshTokenValidity: z.number().int().positive().optional(),
  TokenValidityUnits: z
    .object({ AccessToken: timeUnit.optional(), IdToken: timeUnit.optional(), RefreshToken: timeUnit.optional() })
    .optional(),
});

/** Token lifetimes of a client; 60 minutes for access and ID tokens, 30 days for refresh by default. */
function tokenValidity(input: z.output<typeof validityInput>): TokenValidity {
  const units = {
    AccessToken: input.TokenValidityUnits?.AccessToken ?? 'minutes',
    IdToken: input.TokenValidityUnits?.IdToken ?? 'minutes',
    RefreshToken: input.TokenValidityUnits?.RefreshToken ?? 'days',
  };
  const declared = {
    AccessTokenValidity: input.AccessTokenValidity ?? (units.AccessToken === 'minutes' ? 60 : 3_600 / SECONDS_PER_UNIT[units.AccessToken]),
    IdTokenValidity: input.IdTokenValidity ?? (units.IdToken === 'minutes' ? 60 : 3_600 / SECONDS_PER_UNIT[units.IdToken]),
    RefreshTokenValidity: input.RefreshTokenValidity ?? (30 * 86_400) / SECONDS_PER_UNIT[units.RefreshToken],
  };
  const seconds = (value: number, unit: TimeUnit, [min, max]: readonly [number, number], name: string) => {
    const s = value * SECONDS_PER_UNIT[unit];
    if (s < min || s > max) throw errors.invalidParameter(`${name} must be between ${min} and ${max} seconds.`);
    return s;
  };
  return {
    accessSeconds: seconds(declared.AccessTokenValidity, units.AccessToken, ACCESS_OR_ID_RANGE, 'AccessTokenValidity'),
    idSeconds: seconds(declared.IdTokenValidity, units.IdToken, ACCESS_OR_ID_RANGE, 'IdTokenValidity'),
    refreshSeconds: seconds(declared.RefreshTokenValidity, units.RefreshToken, REFRESH_RANGE, 'RefreshTokenValidity'),
    units,
    declared,
  };
}

const STANDARD_SCOPES = new Set(['phone', 'email', 'openid', 'profile', 'aws.cognito.signin.user.admin']);

function checkOAuthSettings(pool: UserPool, flows: string[], scopes: string[], hasSecret: boolean, callbackUrls: string[] = []): void {
  for (const url of callbackUrls) {
    // Cognito: absolute URIs, https except http://localhost, no fragment.
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      parsed = undefined;
    }
    const localHttp = parsed?.protocol === 'http:' && parsed.hostname === 'localhost';
    if (!parsed || url.includes('#') || (parsed.protocol !== 'https:' && !localHttp)) {
      throw errors.invalidParameter(`Invalid CallbackURL: ${url}`);
    }
  }
  if ((flows.includes('code') || flows.includes('implicit')) && callbackUrls.length === 0) {
    throw errors.invalidParameter('CallbackURLs must be provided when the code or implicit flow is allowed.');
  }
  for (const scope of scopes) {
    const slash = scope.lastIndexOf('/');
    const server = slash > 0 ? pool.resourceServers.get(scope.slice(0, slash)) : undefined;
    const known = STANDARD_SCOPES.has(scope) || server?.scopes.some((s) => s.ScopeName === scope.slice(slash + 1));
    if (!known) throw new CognitoError('ScopeDoesNotExistException', `Invalid scope requested: ${scope}`);
  }
  if (!flows.includes('client_credentials')) return;
  if (!hasSecret) {
    throw new CognitoError('InvalidOAuthFlowException', 'client_credentials flow can not be selected if client does not have a client secret.');
  }
  if (flows.length > 1) {
    throw new CognitoError('InvalidOAuthFlowException', 'client_credentials flow can not be selected along with code flow or implicit flow.');
  }
  if (scopes.length === 0 || scopes.some((s) => STANDARD_SCOPES.has(s))) {
    throw new CognitoError('InvalidOAuthFlowException', 'client_credentials flow can only be used with custom scopes.');
  }
}

/**
 * Read or write permissions of a client: attributes of the pool's schema; a write
 * permission only on a mutable attribute.
 */
function checkAttributeNames(pool: UserPool, names: string[], kind: 'read' | 'write'): string[] {
  for (const name of names) {
    const attribute = pool.schema.get(name);
    if (!attribute || (kind === 'write' && (!attribute.mutable || name === 'sub'))) {
      throw errors.invalidParameter(`Invalid ${kind} attributes specified while creating a client`);
    }
  }
  return [...names];
}

function describeClient(client: AppClient): object {
  return {
    UserPoolId: client.userPoolId,
    ClientName: client.clientName,
    ClientId: client.clientId,
    ...(client.secret ? { ClientSecret: client.secret } : {}),
    ...client.validity.declared,
    TokenValidityUnits: client.validity.units,
    ...(client.readAttributes ? { ReadAttributes: client.readAttributes } : {}),
    ...(client.writeAttributes ? { WriteAttributes: client.writeAttributes } : {}),
    RefreshTokenRotation: client.refreshTokenRotation
      ? { Feature: 'ENABLED', RetryGracePeriodSeconds: client.refreshTokenRotation.retryGracePeriodSeconds }
      : { Feature: 'DISABLED' },
    ExplicitAuthFlows: client.explicitAuthFlows,
    AllowedOAuthFlows: client.allowedOAuthFlows,
    AllowedOAuthScopes: client.allowedOAuthScopes,
    AllowedOAuthFlowsUserPoolClient: client.allowedOAuthFlowsUserPoolClient,
    ...(client.callbackUrls.length > 0 ? { CallbackURLs: client.callbackUrls } : {}),
    ...(client.logoutUrls.length > 0 ? { LogoutURLs: client.logoutUrls } : {}),
    ...(client.supportedIdentityProviders.length > 0 ? { SupportedIdentityProviders: client.supportedIdentityProviders } : {}),
    PreventUserExistenceErrors: client.preventUserExistenceErrors,
    EnableTokenRevocation: client.enableTokenRevocation,
    CreationDate: epochSeconds(client.createdAt),
    LastModifiedDate: epochSeconds(client.modifiedAt),
  };
}

/** `CreateUserPoolClient`: auth flows, OAuth flows and scopes, secret, token lifetimes. */
const createUserPoolClient = operation(
  z.object({
    UserPoolId: fields.userPoolId,
    ClientName: z.string().min(1).max(128),
    GenerateSecret: z.boolean().optional(),
    ...validityInput.shape,
    ReadAttributes: z.array(z.string()).optional(),
    WriteAttributes: z.array(z.string()).optional(),
    RefreshTokenRotation: z.object({ Feature: z.enum(['ENABLED', 'DISABLED']), RetryGracePeriodSeconds: z.number().int().min(0).max(60).optional() }).optional(),
    ExplicitAuthFlows: z
      .array(
        z.enum([
          'ADMIN_NO_SRP_AUTH', 'CUSTOM_AUTH_FLOW_ONLY', 'USER_PASSWORD_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH',
          'ALLOW_CUSTOM_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_AUTH',
        ]),
      )
      .optional(),
    AllowedOAuthFlows: z.array(z.enum(['code', 'implicit', 'client_credentials'])).optional(),
    AllowedOAuthScopes: z.array(z.string().min(1).max(256)).optional(),
    AllowedOAuthFlowsUserPoolClient: z.boolean().optional(),
    CallbackURLs: z.array(z.string().min(1).max(1024)).max(100).optional(),
    LogoutURLs: z.array(z.string().min(1).max(1024)).max(100).optional(),
    SupportedIdentityProviders: z.array(z.string().min(1).max(32)).optional(),
    PreventUserExistenceErrors: z.enum(['LEGACY', 'ENABLED']).optional(),
    EnableTokenRevocation: z.boolean().optional(),
  }),
  async (ctx, input) => {
    const pool = ctx.store.pool(input.UserPoolId);
    const flows = input.AllowedOAuthFlows ?? [];
    const scopes = input.AllowedOAuthScopes ?? [];
    checkOAuthSettings(pool, flows, scopes, input.GenerateSecret === true, input.CallbackURLs ?? []);
    // An empty list is no list, as in Cognito: every attribute (a trap the model's declarations avoid).
    const readAttributes = input.ReadAttributes?.length ? checkAttributeNames(pool, input.ReadAttributes, 'read') : undefined;
    const writeAttributes = input.WriteAttributes?.length ? checkAttributeNames(pool, input.WriteAttributes, 'write') : undefined;
    const rotation = input.RefreshTokenRotation?.Feature === 'ENABLED' ? { retryGracePeriodSeconds: input.RefreshTokenRotation.RetryGracePeriodSeconds ?? 0 } : undefined;
    const explicitAuthFlows = input.ExplicitAuthFlows ?? ['ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'];
    if (rotation && explicitAuthFlows.includes('ALLOW_REFRESH_TOKEN_AUTH')) {
      throw errors.invalidParameter('ALLOW_REFRESH_TOKEN_AUTH cannot be enabled with refresh token rotation.');
    }
    const now = new Date(ctx.now());
    const client: AppClient = {
      clientId: randomId(26),
      clientName: input.ClientName,
      userPoolId: pool.id,
      ...(input.GenerateSecret ? { secret: randomId(51) } : {}),
      explicitAuthFlows,
      allowedOAuthFlows: flows,
      allowedOAuthScopes: scopes,
      allowedOAuthFlowsUserPoolClient: input.AllowedOAuthFlowsUserPoolClient ?? false,
      callbackUrls: input.CallbackURLs ?? [],
      logoutUrls: input.LogoutURLs ?? [],
      supportedIdentityProviders: input.SupportedIdentityProviders ?? [],
      ...(readAttributes ? { readAttributes } : {}),
      ...(writeAttributes ? { writeAttributes } : {}),
      ...(rotation ? { refreshTokenRotation: rotation } : {}),
      preventUserExistenceErrors: input.PreventUserExistenceErrors ?? 'LEGACY',
      enableTokenRevocation: input.EnableTokenRevocation ?? true,
      validity: tokenValidity(input),
      createdAt: now,
      modifiedAt: now,
    };
    pool.clients.set(client.clientId, client);
    ctx.store.clients.set(client.clientId, client);
    return { UserPoolClient: describeClient(client) };
  },
);

const describeUserPoolClient = operation(
  z.object({ UserPoolId: fields.userPoolId, ClientId: fields.clientId }),
  async (ctx, input) => ({ UserPoolClient: describeClient(ctx.store.client(input.ClientId, input.UserPoolId)) }),
);

/**
 * `DeleteUserPoolClient`: the client can get no new token. Tokens it already has stay
 * valid until they expire, as in Cognito (client-credentials tokens cannot be revoked).
 */
const deleteUserPoolClient = operation(
  z.object({ UserPoolId: fields.userPoolId, ClientId: fields.clientId }),
  async (ctx, input) => {
    const client = ctx.store.client(input.ClientId, input.UserPoolId);
    ctx.store.pool(client.userPoolId).clients.delete(client.clientId);
    ctx.store.clients.delete(client.clientId);
    return {};
  },
);

/** `ListUserPoolClients`: id and name of each client, paginated with `NextToken`. */
const listUserPoolClients = operation(
  z.object({ UserPoolId: fields.userPoolId, MaxResults: z.number().int().min(1).max(60).optional(), NextToken: z.string().min(1).optional() }),
  async (ctx, input) => {
    const pool = ctx.store.pool(input.UserPoolId);
    const all = [...pool.clients.values()].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.clientId.localeCompare(b.clientId));
    const start = input.NextToken ? Number(Buffer.from(input.NextToken, 'base64url').toString()) : 0;
    if (!Number.isInteger(start) || start < 0) throw errors.invalidParameter('Invalid NextToken.');
    const end = start + (input.MaxResults ?? 60);
    return {
      UserPoolClients: all.slice(start, end).map((c) => ({ ClientId: c.clientId, UserPoolId: pool.id, ClientName: c.clientName })),
      ...(end < all.length ? { NextToken: Buffer.from(String(end)).toString('base64url') } : {}),
    };
  },
);

function resourceServerToApi(userPoolId: string, server: ResourceServer): object {
  return { UserPoolId: userPoolId, Identifier: server.identifier, Name: server.name, Scopes: server.scopes };
}

/** `CreateResourceServer`: the custom scopes machine clients ask for. */
const createResourceServer = operation(
  z.object({
    UserPoolId: fields.userPoolId,
    Identifier: z.string().min(1).max(256),
    Name: z.string().min(1).max(256),
    Scopes: z
      .array(z.object({ ScopeName: z.string().min(1).max(256).regex(/^[\x21\x23-\x2E\x30-\x5B\x5D-\x7E]+$/), ScopeDescription: z.string().min(1).max(256) }))
      .max(100)
      .optional(),
  }),
  async (ctx, input) => {
    const pool = ctx.store.pool(input.UserPoolId);
    if (pool.resourceServers.has(input.Identifier)) {
      throw errors.invalidParameter(`A resource server with identifier ${input.Identifier} already exists in this user pool.`);
    }
    const server: ResourceServer = { identifier: input.Identifier, name: input.Name, scopes: input.Scopes ?? [] };
    pool.resourceServers.set(server.identifier, server);
    return { ResourceServer: resourceServerToApi(pool.id, server) };
  },
);

/** `DescribeResourceServer`: the scopes a resource server defines. */
const describeResourceServer = operation(
  z.object({ UserPoolId: fields.userPoolId, Identifier: z.string().min(1).max(256) }),
  async (ctx, input) => {
    const pool = ctx.store.pool(input.UserPoolId);
    const server = pool.resourceServers.get(input.Identifier);
    if (!server) throw new CognitoError('ResourceNotFoundException', `Resource server ${input.Identifier} does not exist.`);
    return { ResourceServer: resourceServerToApi(pool.id, server) };
  },
);

/** A group in the API's `GroupType` shape. */
export function groupToApi(userPoolId: string, group: Group): object {
  return {
    GroupName: group.name,
    UserPoolId: userPoolId,
    ...(group.description !== undefined ? { Description: group.description } : {}),
    ...(group.roleArn !== undefined ? { RoleArn: group.roleArn } : {}),
    ...(group.precedence !== undefined ? { Precedence: group.precedence } : {}),
    LastModifiedDate: epochSeconds(group.modifiedAt),
    CreationDate: epochSeconds(group.createdAt),
  };
}

const createGroup = operation(
  z.object({
    UserPoolId: fields.userPoolId,
    GroupName: fields.groupName,
    Description: z.string().max(2048).optional(),
    RoleArn: z.string().min(20).max(2048).optional(),
    Precedence: z.number().int().min(0).optional(),
  }),
  async (ctx, input) => {
    const pool = ctx.store.pool(input.UserPoolId);
    if (pool.groups.has(input.GroupName)) {
      throw new CognitoError('GroupExistsException', `A group with the name ${input.GroupName} already exists.`);
    }
    const now = new Date(ctx.now());
    const group: Group = {
      name: input.GroupName,
      ...(input.Description !== undefined ? { description: input.Description } : {}),
      ...(input.RoleArn !== undefined ? { roleArn: input.RoleArn } : {}),
      ...(input.Precedence !== undefined ? { precedence: input.Precedence } : {}),
      createdAt: now,
      modifiedAt: now,
    };
    pool.groups.set(group.name, group);
    return { Group: groupToApi(pool.id, group) };
  },
);

/** The pool configuration operations, by operation name. */
export const poolOperations = {
  CreateUserPool: createUserPool,
  DescribeUserPool: describeUserPool,
  DeleteUserPool: deleteUserPool,
  AddCustomAttributes: addCustomAttributes,
  CreateUserPoolClient: createUserPoolClient,
  DescribeUserPoolClient: describeUserPoolClient,
  DeleteUserPoolClient: deleteUserPoolClient,
  ListUserPoolClients: listUserPoolClients,
  CreateResourceServer: createResourceServer,
  DescribeResourceServer: describeResourceServer,
  CreateGroup: createGroup,
};
