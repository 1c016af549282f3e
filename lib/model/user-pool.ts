/**
 * The user pool's attributes and app clients, declared once: the CDK stack builds the
 * cloud pool and its login client from this, the machine-client and partner-app routes
 * create their app clients from it, and the local stack configures the Cognito stand-in
 * from it, which then enforces what Cognito would.
 *
 * Why every client spells out its attributes: an app client without `WriteAttributes`
 * (or with an empty list) may write every mutable attribute, custom ones included, with
 * the user's own access token (`UpdateUserAttributes`). A client user could then set
 * `custom:clientId` to another client's id and get that client into their next token.
 */

/** Cognito's own password rules (Hydrant's domain adds breached and context checks). */
export const PASSWORD_POLICY = {
  minLength: 12,
  requireLowercase: true,
  requireUppercase: true,
  requireDigits: true,
  requireSymbols: true,
  /** How long an invitation's temporary password works. */
  temporaryPasswordValidityDays: 3,
} as const;

/** A custom attribute of the pool (`custom:<name>`). */
export interface CustomAttributeDecl {
  readonly name: string;
  readonly minLength: number;
  readonly maxLength: number;
  /**
   * Whether anyone may change it after the user is created. Mutability cannot change on an
   * existing pool (it would replace the pool and lose every user).
   */
  readonly mutable: boolean;
}

/**
 * `tenantId` never changes. `clientId` stays mutable because an administrator reassigns a
 * client user (PATCH /v1/users/{id}: AdminUpdateUserAttributes, which app-client write
 * permissions do not limit but mutability would); users themselves cannot write it: no
 * app client lists it in its `writeAttributes`.
 */
export const CUSTOM_ATTRIBUTES = [
  { name: 'tenantId', minLength: 1, maxLength: 64, mutable: false },
  { name: 'clientId', minLength: 1, maxLength: 64, mutable: true },
] as const satisfies readonly CustomAttributeDecl[];

/** The standard attributes Hydrant uses; `email` is required and the sign-in name. */
export const STANDARD_ATTRIBUTES = ['email', 'email_verified', 'given_name', 'family_name'] as const;

export type StandardAttributeName = (typeof STANDARD_ATTRIBUTES)[number];
export type UserAttributeName = StandardAttributeName | `custom:${(typeof CUSTOM_ATTRIBUTES)[number]['name']}`;

/** Attributes a signed-in user may change about themselves: their names, nothing else. */
export const SELF_SERVICE_ATTRIBUTES = ['given_name', 'family_name'] as const satisfies readonly UserAttributeName[];

/** One kind of app client and everything Cognito is told about it. */
export interface AppClientDecl {
  /** Client name of the cloud client; the runtime-created ones are named by the admin. */
  readonly name: string;
  /** Attributes in ID tokens and `GetUser` answers of this client. */
  readonly readAttributes: readonly UserAttributeName[];
  /**
   * Attributes a user may change with this client's access token. Never empty: Cognito
   * reads an empty list as "every writable attribute".
   */
  readonly writeAttributes: readonly UserAttributeName[];
  /** Token lifetimes, in minutes (the unit the cloud and the stand-in are both told). */
  readonly tokenValidityMinutes: { readonly access: number; readonly id: number; readonly refresh: number };
  /**
   * Refresh-token rotation: every refresh answers a new refresh token, and the one used
   * keeps working only `retryGracePeriodSeconds` longer (0-60), for a client's retry.
   * Absent on clients that get no refresh token (client credentials).
   */
  readonly refreshTokenRotation?: { readonly retryGracePeriodSeconds: number };
}

/** Rotation of every client that holds refresh tokens: ten seconds to retry a lost answer. */
const ROTATION = { retryGracePeriodSeconds: 10 } as const;
/** What a user's tokens may show of them: identity, names and the tenant and client they belong to. */
const USER_READABLE = ['email', 'email_verified', 'given_name', 'family_name', 'custom:tenantId', 'custom:clientId'] as const satisfies readonly UserAttributeName[];

/** The app clients: the login client of the API, and the templates of machine clients and partner apps. */
export const APP_CLIENTS = {
  /** The public client (no secret) of POST /v1/auth/login, refresh, logout and the /v1/me routes. */
  login: {
    name: 'hydrant-api-login',
    readAttributes: USER_READABLE,
    writeAttributes: SELF_SERVICE_ATTRIBUTES,
    tokenValidityMinutes: { access: 60, id: 60, refresh: 30 * 24 * 60 },
    refreshTokenRotation: ROTATION,
  },
  /**
   * A tenant's machine client (client credentials): no user, no refresh token; short-lived
   * access tokens so a deleted client's last token stops working within the hour.
   */
  machine: {
    name: 'machine client',
    readAttributes: ['email'],
    writeAttributes: SELF_SERVICE_ATTRIBUTES,
    tokenValidityMinutes: { access: 60, id: 60, refresh: 24 * 60 },
  },
  /** A partner app (authorization code with PKCE) acting for a user: profile only, never the tenant's ids. */
  partner: {
    name: 'partner app',
    readAttributes: ['email', 'email_verified', 'given_name', 'family_name'],
    writeAttributes: SELF_SERVICE_ATTRIBUTES,
    tokenValidityMinutes: { access: 60, id: 60, refresh: 30 * 24 * 60 },
    refreshTokenRotation: ROTATION,
  },
} as const satisfies Record<string, AppClientDecl>;

export type AppClientKind = keyof typeof APP_CLIENTS;

/** Every attribute of the pool with whether it may change after creation (`sub` never). */
export function attributeMutability(): ReadonlyMap<string, boolean> {
  return new Map<string, boolean>([
    ...STANDARD_ATTRIBUTES.map((name) => [name, true] as const),
    ...CUSTOM_ATTRIBUTES.map((a) => [`custom:${a.name}`, a.mutable] as const),
  ]);
}

/**
 * The `CreateUserPoolClient` fields a declaration sets: attributes, token lifetimes (in
 * minutes) and rotation. A client with rotation refreshes through
 * `GetTokensFromRefreshToken` only (Cognito refuses `REFRESH_TOKEN_AUTH` with rotation).
 */
export function appClientSettings(decl: AppClientDecl) {
  return {
    ReadAttributes: [...decl.readAttributes],
    WriteAttributes: [...decl.writeAttributes],
    AccessTokenValidity: decl.tokenValidityMinutes.access,
    IdTokenValidity: decl.tokenValidityMinutes.id,
    RefreshTokenValidity: decl.tokenValidityMinutes.refresh,
    TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' } as const,
    ...(decl.refreshTokenRotation
      ? { RefreshTokenRotation: { Feature: 'ENABLED' as const, RetryGracePeriodSeconds: decl.refreshTokenRotation.retryGracePeriodSeconds } }
      : {}),
  };
}

/** The auth flows of a client besides its OAuth flows: refresh only where there is no rotation. */
export function refreshAuthFlows(decl: AppClientDecl): 'ALLOW_REFRESH_TOKEN_AUTH'[] {
  return decl.refreshTokenRotation ? [] : ['ALLOW_REFRESH_TOKEN_AUTH'];
}
