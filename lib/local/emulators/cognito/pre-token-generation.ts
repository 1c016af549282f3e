/**
 * The pre token generation trigger, event version V2_0: the event Cognito sends to the
 * Lambda function and how its response changes the ID and access tokens.
 *
 * The shapes follow the Cognito developer guide ("Pre token generation Lambda trigger").
 * They differ from `@types/aws-lambda` where that package is looser than the wire:
 * Cognito sends `claimsAndScopeOverrideDetails: null`, and V2 claim values may be
 * numbers, booleans, arrays and objects, not only strings.
 */
import type { JWTPayload } from 'jose';
import { CognitoError } from './errors';

/** The trigger sources of a V2_0 event. */
export type PreTokenGenerationV2TriggerSource =
  | 'TokenGeneration_HostedAuth'
  | 'TokenGeneration_Authentication'
  | 'TokenGeneration_NewPasswordChallenge'
  | 'TokenGeneration_AuthenticateDevice'
  | 'TokenGeneration_RefreshTokens'
  /** V3_0 only: an access token of the client-credentials grant. */
  | 'TokenGeneration_ClientCredentials';

/** A claim value a V2_0 response may set. */
export type ClaimValue = string | number | boolean | ClaimValue[] | { [key: string]: ClaimValue };

/** Group membership and IAM roles to put in the tokens instead of the user's own. */
export interface GroupOverrideDetails {
  groupsToOverride?: string[];
  iamRolesToOverride?: string[];
  preferredRole?: string | null;
}

/** Changes to one token. `scopesToAdd`/`scopesToSuppress` apply to the access token only. */
export interface TokenGenerationOverrides {
  claimsToAddOrOverride?: Record<string, ClaimValue>;
  claimsToSuppress?: string[];
  scopesToAdd?: string[];
  scopesToSuppress?: string[];
}

/** The response a V2_0 function fills in. */
export interface ClaimsAndScopeOverrideDetails {
  idTokenGeneration?: TokenGenerationOverrides;
  accessTokenGeneration?: TokenGenerationOverrides;
  groupOverrideDetails?: GroupOverrideDetails;
}

/** The V2_0 pre token generation event, as Cognito sends it. */
export interface PreTokenGenerationV2Event {
  /** '3' when the pool's trigger is V3_0 (same shape; client-credentials events too). */
  version: '2' | '3';
  triggerSource: PreTokenGenerationV2TriggerSource;
  region: string;
  userPoolId: string;
  userName: string;
  callerContext: { awsSdkVersion: string; clientId: string };
  request: {
    userAttributes: Record<string, string>;
    /** Null for client-credentials events (no user). */
    groupConfiguration: { groupsToOverride: string[]; iamRolesToOverride: string[]; preferredRole: string | null } | null;
    scopes: string[];
    clientMetadata?: Record<string, string>;
  };
  response: { claimsAndScopeOverrideDetails: ClaimsAndScopeOverrideDetails | null };
}

/** A pre token generation function: the handler the cloud deploys as the trigger. */
export type PreTokenGenerationV2Hook = (event: PreTokenGenerationV2Event) => Promise<PreTokenGenerationV2Event>;

// Claims a trigger may not add, override or suppress. Cognito ignores such requests; so do we.
const PROTECTED_IN_BOTH = [
  'acr', 'amr', 'aud', 'at_hash', 'auth_time', 'azp', 'c_hash', 'exp', 'iat', 'identities', 'iss', 'jti',
  'nbf', 'nonce', 'origin_jti', 'sub', 'token_use', 'event_id',
];
const PROTECTED_IN_ACCESS = new Set([...PROTECTED_IN_BOTH, 'client_id', 'scope', 'username', 'version']);
const PROTECTED_IN_ID = new Set(PROTECTED_IN_BOTH);
// Groups and roles change only through groupOverrideDetails.
const isCognitoClaim = (claim: string) => claim.startsWith('cognito:');

/** Runs the hook, turning its failures into the errors Cognito returns for a failed trigger. */
export async function invokePreTokenGeneration(hook: PreTokenGenerationV2Hook, event: PreTokenGenerationV2Event): Promise<ClaimsAndScopeOverrideDetails> {
  let result: PreTokenGenerationV2Event;
  try {
    // A copy, so a function that keeps or mutates its event cannot reach the stand-in's state.
    result = await hook(structuredClone(event));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new CognitoError('UserLambdaValidationException', `PreTokenGeneration failed with error ${message}.`);
  }
  const response = (result as Partial<PreTokenGenerationV2Event> | undefined)?.response;
  if (!response || typeof response !== 'object') {
    throw new CognitoError('InvalidLambdaResponseException', 'Invalid lambda response received: missing response.');
  }
  return response.claimsAndScopeOverrideDetails ?? {};
}

function applyClaims(claims: JWTPayload, overrides: TokenGenerationOverrides | undefined, protectedClaims: Set<string>): void {
  const allowed = (claim: string) => !protectedClaims.has(claim) && !isCognitoClaim(claim);
  for (const [claim, value] of Object.entries(overrides?.claimsToAddOrOverride ?? {})) {
    if (allowed(claim)) claims[claim] = value;
  }
  for (const claim of overrides?.claimsToSuppress ?? []) {
    if (allowed(claim)) delete claims[claim];
  }
}

/**
 * Applies a trigger response to the claims of both tokens, in place: group and role
 * overrides, claims added, overridden and suppressed, and access token scopes.
 */
export function applyPreTokenGeneration(details: ClaimsAndScopeOverrideDetails, access: JWTPayload, id: JWTPayload): void {
  const groups = details.groupOverrideDetails;
  if (groups?.groupsToOverride) {
    for (const claims of [access, id]) {
      if (groups.groupsToOverride.length > 0) claims['cognito:groups'] = [...groups.groupsToOverride];
      else delete claims['cognito:groups'];
    }
  }
  if (groups?.iamRolesToOverride) {
    if (groups.iamRolesToOverride.length > 0) id['cognito:roles'] = [...groups.iamRolesToOverride];
    else delete id['cognito:roles'];
  }
  if (groups?.preferredRole !== undefined) {
    if (groups.preferredRole) id['cognito:preferred_role'] = groups.preferredRole;
    else delete id['cognito:preferred_role'];
  }

  applyClaims(id, details.idTokenGeneration, PROTECTED_IN_ID);
  const accessOverrides = details.accessTokenGeneration;
  applyClaims(access, accessOverrides, PROTECTED_IN_ACCESS);

  if (accessOverrides?.scopesToAdd || accessOverrides?.scopesToSuppress) {
    const current = typeof access.scope === 'string' ? access.scope.split(' ').filter(Boolean) : [];
    const suppressed = new Set(accessOverrides.scopesToSuppress ?? []);
    const scopes = [...new Set([...current, ...(accessOverrides.scopesToAdd ?? [])])].filter((s) => !suppressed.has(s));
    if (scopes.length > 0) access.scope = scopes.join(' ');
    else delete access.scope;
  }
}
