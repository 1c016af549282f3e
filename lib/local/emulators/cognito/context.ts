/**
 * What every operation of the stand-in works with: the store, the signing key, the
 * configured triggers, and facts about the request being served.
 */
import type { PreTokenGenerationV2Hook } from './pre-token-generation';
import type { SigningKey } from './signing-key';
import type { CognitoStore } from './store';

/** The stand-in's shared state and configuration. */
export interface StandInContext {
  readonly store: CognitoStore;
  readonly key: SigningKey;
  /** Region of pools created by unsigned requests (signed ones use the signing region). */
  readonly defaultRegion: string;
  readonly preTokenGeneration?: PreTokenGenerationV2Hook;
  /** The trigger's event version; '3' is also called for client-credentials tokens. */
  readonly preTokenGenerationVersion: '2' | '3';
  /** The `iss` of a pool's tokens: `http://127.0.0.1:{port}/{userPoolId}`. */
  issuer(userPoolId: string): string;
  /** Epoch milliseconds; one place to read the clock. */
  now(): number;
}

/** Facts about the HTTP request an operation serves. */
export interface RequestMeta {
  /** The SigV4 signing region, or the default region for unsigned requests. */
  region: string;
  /** `callerContext.awsSdkVersion` of trigger events, from the SDK's user agent. */
  awsSdkVersion: string;
}
