/**
 * The RS256 key pair the stand-in signs every token with: generated once per start, public
 * half served as the JWKS of every pool. Cognito keeps one key set per pool; one key is
 * enough here because the issuer, which names the pool, is verified with the signature.
 */
import { calculateJwkThumbprint, exportJWK, generateKeyPair, jwtVerify, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';

/** Signs tokens and verifies the stand-in's own tokens. */
export class SigningKey {
  private constructor(
    private readonly privateKey: CryptoKey,
    private readonly publicKey: CryptoKey,
    private readonly publicJwk: JWK,
    /** The `kid` header of every token, the JWK thumbprint of the public key. */
    readonly kid: string,
  ) {}

  /** Generates a fresh 2048-bit RSA key pair. */
  static async generate(): Promise<SigningKey> {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { modulusLength: 2048 });
    const jwk = await exportJWK(publicKey);
    const kid = await calculateJwkThumbprint(jwk);
    return new SigningKey(privateKey, publicKey, { alg: 'RS256', e: jwk.e, kid, kty: 'RSA', n: jwk.n, use: 'sig' }, kid);
  }

  /** The JWKS document Cognito serves at `/{userPoolId}/.well-known/jwks.json`. */
  jwks(): { keys: JWK[] } {
    return { keys: [this.publicJwk] };
  }

  /** Signs claims as they are: the caller sets `iat`, `exp` and the rest, as Cognito does. */
  sign(claims: JWTPayload): Promise<string> {
    return new SignJWT(claims).setProtectedHeader({ kid: this.kid, alg: 'RS256' }).sign(this.privateKey);
  }

  /** Verifies a token signed with this key (signature and `exp`); throws jose's errors. */
  async verify(token: string): Promise<JWTPayload> {
    const { payload } = await jwtVerify(token, this.publicKey, { algorithms: ['RS256'] });
    return payload;
  }
}
