/**
 * The in-memory state of the Cognito stand-in: user pools with their clients, resource
 * servers, groups and users, plus the sign-in sessions that refresh tokens stand for.
 * Operations read and change it; nothing else holds state.
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { SchemaAttribute } from './attributes';
import { errors } from './errors';
import type { PasswordPolicy } from './passwords';

/** A user's account status, as `UserStatus` reports it. */
export type UserStatus = 'FORCE_CHANGE_PASSWORD' | 'CONFIRMED' | 'RESET_REQUIRED' | 'UNCONFIRMED';

/** How long each kind of token lives, in seconds, with the units the client was declared in. */
export interface TokenValidity {
  accessSeconds: number;
  idSeconds: number;
  refreshSeconds: number;
  units: { AccessToken: string; IdToken: string; RefreshToken: string };
  declared: { AccessTokenValidity: number; IdTokenValidity: number; RefreshTokenValidity: number };
}

/** An app client of a pool. */
export interface AppClient {
  clientId: string;
  clientName: string;
  userPoolId: string;
  /** Present only for clients created with `GenerateSecret`. */
  secret?: string;
  explicitAuthFlows: string[];
  allowedOAuthFlows: string[];
  allowedOAuthScopes: string[];
  allowedOAuthFlowsUserPoolClient: boolean;
  /** Exact redirect URIs of the code (and implicit) flows. */
  callbackUrls: string[];
  logoutUrls: string[];
  supportedIdentityProviders: string[];
  /** Attributes in ID tokens and `GetUser`; absent (or given empty): every attribute. */
  readAttributes?: string[];
  /** Attributes `UpdateUserAttributes` may change with this client's tokens; absent (or given empty): every mutable one. */
  writeAttributes?: string[];
  /** Refresh-token rotation: a refresh answers a new refresh token; the used one lasts the grace period more. */
  refreshTokenRotation?: { retryGracePeriodSeconds: number };
  preventUserExistenceErrors: 'LEGACY' | 'ENABLED';
  enableTokenRevocation: boolean;
  validity: TokenValidity;
  createdAt: Date;
  modifiedAt: Date;
}

/** A resource server and the scopes it defines (`<identifier>/<scope>` in tokens). */
export interface ResourceServer {
  identifier: string;
  name: string;
  scopes: Array<{ ScopeName: string; ScopeDescription: string }>;
}

/** A pool group; `precedence` orders groups in tokens and picks the preferred role. */
export interface Group {
  name: string;
  description?: string;
  precedence?: number;
  roleArn?: string;
  createdAt: Date;
  modifiedAt: Date;
}

/** A user of a pool. */
export interface User {
  username: string;
  sub: string;
  attributes: Map<string, string>;
  enabled: boolean;
  status: UserStatus;
  /** scrypt hash; see `passwords.ts`. */
  passwordHash?: string;
  /** When a temporary password stops being accepted (epoch ms). */
  temporaryPasswordExpiresAt?: number;
  groups: Set<string>;
  /** The pending `ForgotPassword` code (its hash) and the attempts against it. */
  recovery?: { codeHash: string; expiresAt: number; failedAttempts: number };
  /** When recent `ForgotPassword` requests were made (epoch ms), for `LimitExceededException`. */
  recoveryRequests?: number[];
  /** Failed `ChangePassword` attempts in a row, for `LimitExceededException`. */
  failedPasswordChanges?: number;
  /** `origin_jti` of every sign-in session, so a global sign-out can revoke them all. */
  sessions: Set<string>;
  /** Authenticator-app MFA (TOTP); absent until the first `AssociateSoftwareToken`. */
  softwareToken?: SoftwareToken;
  createdAt: Date;
  modifiedAt: Date;
}

/**
 * A user's authenticator app. `AssociateSoftwareToken` sets `pendingSecret`;
 * `VerifySoftwareToken` with a good code makes it the `secret` sign-in checks;
 * `SetUserMFAPreference` turns it on (`enabled`) or off.
 */
export interface SoftwareToken {
  pendingSecret?: string;
  secret?: string;
  friendlyName?: string;
  enabled: boolean;
  preferred: boolean;
  /** The last TOTP step accepted: that code, and older ones, are refused from then on. */
  lastUsedStep: number;
}

/** A user pool and everything in it. */
export interface UserPool {
  id: string;
  name: string;
  region: string;
  arn: string;
  passwordPolicy: PasswordPolicy;
  schema: Map<string, SchemaAttribute>;
  /** `email` and/or `phone_number` when users sign in with those instead of a username. */
  usernameAttributes: string[];
  autoVerifiedAttributes: string[];
  caseSensitive: boolean;
  mfaConfiguration: 'OFF' | 'ON' | 'OPTIONAL';
  clients: Map<string, AppClient>;
  resourceServers: Map<string, ResourceServer>;
  groups: Map<string, Group>;
  /** Keyed by {@link usernameKey}. */
  users: Map<string, User>;
  createdAt: Date;
  modifiedAt: Date;
}

/**
 * A sign-in session: what one refresh token stands for. Its `originJti` is the
 * `origin_jti` claim of every token issued from it, so revoking it revokes them all.
 */
export interface SignInSession {
  originJti: string;
  refreshToken: string;
  userPoolId: string;
  clientId: string;
  username: string;
  sub: string;
  /** Epoch seconds of the authentication, the `auth_time` claim of every token. */
  authTime: number;
  expiresAt: number;
  /** The OAuth scopes of a hosted-login session, which its refreshed tokens keep; absent: the user pools API's scope. */
  scopes?: string[];
}

/**
 * A message Cognito would have delivered (invitation, password reset code). The stand-in
 * delivers nothing: it prints the message and keeps it in {@link CognitoStore.mailbox},
 * where tests and developers read it.
 */
export interface DeliveredMessage {
  userPoolId: string;
  /** The recipient's e-mail address. */
  to: string;
  kind: 'invitation' | 'password-reset';
  /** The temporary password (invitation) or the confirmation code (password reset). */
  secret: string;
  sentAt: string;
}

/** A pending challenge (`Session` in the API), answered with `RespondToAuthChallenge`. */
export interface ChallengeSession {
  session: string;
  challengeName: string;
  userPoolId: string;
  clientId: string;
  username: string;
  expiresAt: number;
  /** Challenges this sign-in already answered (NEW_PASSWORD_REQUIRED before SOFTWARE_TOKEN_MFA). */
  answered?: string[];
}

/** An authorization code of the code grant, with what its redemption must match. */
export interface AuthorizationCode {
  code: string;
  clientId: string;
  userPoolId: string;
  username: string;
  redirectUri: string;
  scopes: string[];
  /** PKCE (RFC 7636), S256 only as in Cognito. */
  codeChallenge?: string;
  expiresAt: number;
}

const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Random string over an alphabet, for ids shaped like Cognito's. */
export function randomId(length: number, alphabet = ALPHANUMERIC): string {
  return Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join('');
}

/** An opaque random token (refresh tokens, challenge sessions). */
export function opaqueToken(bytes = 96): string {
  return randomBytes(bytes).toString('base64url');
}

/** The key a username is stored under: folded when the pool is case-insensitive. */
export function usernameKey(pool: UserPool, username: string): string {
  return pool.caseSensitive ? username : username.toLowerCase();
}

/** The whole state, with the lookups that raise Cognito's not-found errors. */
export class CognitoStore {
  readonly pools = new Map<string, UserPool>();
  /** Every client of every pool: client ids are unique across pools, as in Cognito. */
  readonly clients = new Map<string, AppClient>();
  readonly sessionsByRefreshToken = new Map<string, SignInSession>();
  /** Refresh tokens replaced by rotation: usable until `usableUntil` (epoch ms), then refused. */
  readonly rotatedRefreshTokens = new Map<string, { session: SignInSession; usableUntil: number }>();
  readonly sessionsByOriginJti = new Map<string, SignInSession>();
  readonly revokedOriginJtis = new Set<string>();
  readonly challenges = new Map<string, ChallengeSession>();
  /** Every message "delivered", oldest first (local only: Cognito e-mails them). */
  readonly mailbox: DeliveredMessage[] = [];

  /** Records a message Cognito would have e-mailed and prints it to the console. */
  deliver(message: DeliveredMessage): void {
    this.mailbox.push(message);
    // The local stack's console stands in for the recipient's inbox.
    console.log(`[cognito stand-in] ${message.kind} for ${message.to}: ${message.secret}`);
  }

  /** Authorization codes of the hosted login (`/oauth2/authorize`), each redeemable once. */
  readonly authorizationCodes = new Map<string, AuthorizationCode>();

  /** The pool, or `ResourceNotFoundException`. */
  pool(userPoolId: string): UserPool {
    const pool = this.pools.get(userPoolId);
    if (!pool) throw errors.poolNotFound(userPoolId);
    return pool;
  }

  /** The client, or `ResourceNotFoundException`; with a pool id, it must belong to it. */
  client(clientId: string, userPoolId?: string): AppClient {
    const client = this.clients.get(clientId);
    if (!client || (userPoolId !== undefined && client.userPoolId !== userPoolId)) throw errors.clientNotFound(clientId);
    return client;
  }

  /** The group, or `ResourceNotFoundException`. */
  group(pool: UserPool, groupName: string): Group {
    const group = pool.groups.get(groupName);
    if (!group) throw errors.groupNotFound();
    return group;
  }

  /**
   * Finds a user by username or, in pools whose users sign in with e-mail or phone number,
   * by that attribute, as every Cognito operation that takes a `Username` does.
   */
  findUser(pool: UserPool, name: string): User | undefined {
    const key = usernameKey(pool, name);
    const direct = pool.users.get(key);
    if (direct || pool.usernameAttributes.length === 0) return direct;
    for (const user of pool.users.values()) {
      for (const attribute of pool.usernameAttributes) {
        const value = user.attributes.get(attribute);
        if (value !== undefined && usernameKey(pool, value) === key) return user;
      }
    }
    return undefined;
  }

  /** The user, or `UserNotFoundException`. */
  user(pool: UserPool, name: string): User {
    const user = this.findUser(pool, name);
    if (!user) throw errors.userNotFound();
    return user;
  }

  /** Records a new sign-in session. */
  addSession(user: User, session: SignInSession): void {
    this.sessionsByRefreshToken.set(session.refreshToken, session);
    this.sessionsByOriginJti.set(session.originJti, session);
    user.sessions.add(session.originJti);
  }

  /**
   * Replaces a session's refresh token (rotation): the old one stays usable for
   * `graceMs` more, for a client retrying a refresh whose answer it lost.
   */
  rotateRefreshToken(session: SignInSession, newToken: string, now: number, graceMs: number): void {
    this.sessionsByRefreshToken.delete(session.refreshToken);
    this.rotatedRefreshTokens.set(session.refreshToken, { session, usableUntil: now + graceMs });
    session.refreshToken = newToken;
    this.sessionsByRefreshToken.set(newToken, session);
  }

  /** The session of a refresh token: current, or rotated out less than its grace period ago. */
  sessionOfRefreshToken(token: string, now: number): SignInSession | undefined {
    const current = this.sessionsByRefreshToken.get(token);
    if (current) return current;
    const rotated = this.rotatedRefreshTokens.get(token);
    return rotated && now <= rotated.usableUntil ? rotated.session : undefined;
  }

  /** Revokes one session: its refresh token and every token issued from it. */
  revokeSession(originJti: string): void {
    // The session stays known so a refresh with it says "revoked" rather than "invalid".
    this.revokedOriginJtis.add(originJti);
  }

  /** Revokes every session of a user (global sign-out, deletion). */
  revokeAllSessions(user: User): void {
    for (const originJti of user.sessions) this.revokeSession(originJti);
    user.sessions.clear();
  }

  /** Whether tokens carrying this `origin_jti` were revoked. */
  isRevoked(originJti: string): boolean {
    return this.revokedOriginJtis.has(originJti);
  }

  /** Removes a pool and everything in it. */
  deletePool(pool: UserPool): void {
    for (const user of pool.users.values()) this.revokeAllSessions(user);
    for (const clientId of pool.clients.keys()) this.clients.delete(clientId);
    this.pools.delete(pool.id);
  }
}
