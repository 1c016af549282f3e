/**
 * Verifies a user pool access token as API Gateway's Cognito authorizer does (RS256
 * signature against the pool's JWKS, `exp`, `iss`, `token_use: access`, and the user scope
 * every REST method requires of access tokens), for the WebSocket
 * API's `$connect`, where no Cognito authorizer exists. The issuer is the pool's
 * (`https://cognito-idp.{region}.amazonaws.com/{USER_POOL_ID}`), or `USER_POOL_ISSUER`
 * where the pool is the local stand-in. Keys are fetched once and cached by jose.
 */
import * as z from 'zod';
import { InvalidCognitoJwtError, verifyCognitoJwt, type CognitoJwtPayload } from './cognito-jwt';
import { USER_TOKEN_SCOPE } from '#lib/model/scopes';
import { readEnv } from '#platform/config';

const env = readEnv({ USER_POOL_ID: z.string().min(1), AWS_REGION: z.string().min(1).default('us-east-1'), USER_POOL_ISSUER: z.url().optional() });
const issuer = env.USER_POOL_ISSUER ?? `https://cognito-idp.${env.AWS_REGION}.amazonaws.com/${env.USER_POOL_ID}`;

/** The claims of a valid user access token, or why it was refused (for the log, never told to the caller). */
export async function verifiedAccessToken(token: string): Promise<{ claims: CognitoJwtPayload } | { refused: string }> {
  try {
    return { claims: await verifyCognitoJwt(token, { issuer, jwksUrl: `${issuer}/.well-known/jwks.json`, tokenUse: 'access', scopes: [USER_TOKEN_SCOPE] }) };
  } catch (error) {
    if (error instanceof InvalidCognitoJwtError) return { refused: error.reason };
    throw error;
  }
}
