/**
 * Verification of Cognito user pool JWTs, as API Gateway's Cognito authorizer does it:
 * RS256 signature against the pool's JWKS, `exp`, `iss`, and optionally `token_use`, the
 * app client and the scopes. Works for the cloud pools and the local stand-in alike.
 */
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';

/** What a token must satisfy. */
export interface VerifyCognitoJwtOptions {
  /** `https://cognito-idp.{region}.amazonaws.com/{userPoolId}`, or the stand-in's `issuer(userPoolId)`. */
  issuer: string;
  /** The pool's JWKS, `{issuer}/.well-known/jwks.json`. */
  jwksUrl: string;
  /** Accept only access or only ID tokens. @default either */
  tokenUse?: 'access' | 'id';
  /** App clients allowed: `client_id` of access tokens, `aud` of ID tokens. @default any */
  clientId?: string | readonly string[];
  /** Access tokens must carry at least one of these scopes, like a method's authorization scopes. @default none required */
  scopes?: readonly string[];
}

/** The claims of a verified Cognito token. */
export interface CognitoJwtPayload extends JWTPayload {
  sub: string;
  iss: string;
  exp: number;
  iat: number;
  token_use: 'access' | 'id';
  client_id?: string;
  scope?: string;
  username?: string;
  'cognito:username'?: string;
  'cognito:groups'?: string[];
  origin_jti?: string;
}

/** Why a token was refused. */
export type CognitoJwtFailure = 'malformed' | 'signature' | 'expired' | 'issuer' | 'token_use' | 'client' | 'scope';

/** A refused token; `reason` tells the authorizer what to log, never the caller. */
export class InvalidCognitoJwtError extends Error {
  override readonly name = 'InvalidCognitoJwtError';

  constructor(
    readonly reason: CognitoJwtFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

// One key set per URL for the life of the process: jose caches keys and refetches on an unknown kid.
const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

function keySet(jwksUrl: string): ReturnType<typeof createRemoteJWKSet> {
  let set = keySets.get(jwksUrl);
  if (!set) {
    set = createRemoteJWKSet(new URL(jwksUrl));
    keySets.set(jwksUrl, set);
  }
  return set;
}

function failureOf(error: unknown): CognitoJwtFailure {
  if (error instanceof joseErrors.JWTExpired) return 'expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === 'iss') return 'issuer';
  if (error instanceof joseErrors.JWSSignatureVerificationFailed || error instanceof joseErrors.JWKSNoMatchingKey) return 'signature';
  return 'malformed';
}

/**
 * Verifies a Cognito JWT and returns its claims, or throws {@link InvalidCognitoJwtError}.
 * Like API Gateway, it does not ask Cognito whether the token was revoked.
 */
export async function verifyCognitoJwt(token: string, options: VerifyCognitoJwtOptions): Promise<CognitoJwtPayload> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, keySet(options.jwksUrl), { issuer: options.issuer, algorithms: ['RS256'], requiredClaims: ['exp', 'iat', 'sub'] }));
  } catch (error) {
    throw new InvalidCognitoJwtError(failureOf(error), 'Token verification failed', { cause: error });
  }

  const tokenUse = payload.token_use;
  if ((tokenUse !== 'access' && tokenUse !== 'id') || (options.tokenUse && tokenUse !== options.tokenUse)) {
    throw new InvalidCognitoJwtError('token_use', `Token use ${String(tokenUse)} not allowed`);
  }
  if (options.clientId !== undefined) {
    const allowed: readonly string[] = typeof options.clientId === 'string' ? [options.clientId] : options.clientId;
    const client = tokenUse === 'access' ? payload.client_id : payload.aud;
    if (typeof client !== 'string' || !allowed.includes(client)) throw new InvalidCognitoJwtError('client', 'Client not allowed');
  }
  if (options.scopes && options.scopes.length > 0) {
    const granted = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
    if (tokenUse !== 'access' || !options.scopes.some((scope) => granted.includes(scope))) {
      throw new InvalidCognitoJwtError('scope', 'Required scope missing');
    }
  }
  return payload as CognitoJwtPayload;
}
