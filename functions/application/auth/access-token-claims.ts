import { hasSoftwareTokenMfa } from '#adapters/cognito/mfa-status';
import { tenantOfAppClient } from '#adapters/dynamodb/app-clients-repository';
import { getSecuritySettings } from '#adapters/dynamodb/security-settings-repository';
import { mfaRequiredFor } from '#domain/identity';
import { MFA_SETUP_REQUIRED_CLAIM } from '#domain/principal';

/** The user attributes an access token carries as they are. */
const COPIED = ['custom:tenantId', 'custom:clientId'] as const;

/** Who a user token is for, as the pre-token-generation trigger sees them. */
export interface TokenUser {
  readonly userPoolId: string;
  readonly userName: string;
  readonly attributes: Readonly<Record<string, string>>;
  /** The groups (roles) the token will carry. */
  readonly groups: readonly string[];
}

/**
 * The claims a user's access token gets. Steps:
 * 1. copy the user's tenant and client attributes;
 * 2. when the tenant requires MFA of one of the user's roles (its security settings),
 *    ask Cognito whether the user has enrolled an authenticator app;
 * 3. without one, add `mfa_setup_required`: the principal then refuses every route but enrolment.
 * One GetItem per token (plus AdminGetUser for a role that must use MFA), nothing per request.
 */
export async function userTokenClaims(user: TokenUser): Promise<Record<string, string>> {
  const claims: Record<string, string> = {};
  for (const name of COPIED) if (user.attributes[name]) claims[name] = user.attributes[name];
  const tenantId = user.attributes['custom:tenantId'];
  if (tenantId && user.groups.length > 0 && mfaRequiredFor(await getSecuritySettings(tenantId), user.groups)) {
    if (!(await hasSoftwareTokenMfa(user.userPoolId, user.userName))) claims[MFA_SETUP_REQUIRED_CLAIM] = 'true';
  }
  return claims;
}

/**
 * The claims a machine client's access token gets: the tenant of the client, from the
 * record Hydrant keeps of it. A client Hydrant does not know gets no tenant, so the API
 * refuses its tokens (403).
 */
export async function machineTokenClaims(clientId: string): Promise<Record<string, string>> {
  const tenantId = await tenantOfAppClient(clientId);
  return tenantId ? { 'custom:tenantId': tenantId } : {};
}
