/**
 * Signing in through the API's auth routes and keeping the access token fresh: a refresh
 * shortly before it expires, and once more when a call answers 401 anyway. Tokens stay in
 * memory (the SDK never writes them anywhere); `onTokens` lets an app keep them elsewhere.
 */
import { HydrantProblem, problemOf } from './problems';

/** The tokens of a signed-in user. */
export interface Tokens {
  readonly accessToken: string;
  readonly idToken: string;
  readonly refreshToken: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
}

/** A step to complete before the tokens: a first password to set, or an authenticator code. */
export interface SignInChallenge {
  readonly challenge: 'NEW_PASSWORD_REQUIRED' | 'SOFTWARE_TOKEN_MFA';
  readonly session: string;
  readonly username: string;
}

export type SignInResult = { readonly kind: 'signed-in'; readonly tokens: Tokens } | ({ readonly kind: 'challenge' } & SignInChallenge);

interface TokenAnswer {
  access_token: string;
  id_token: string;
  refresh_token?: string;
  expires_in: number;
}

/** Renew this long before the access token expires. */
export const REFRESH_MARGIN_MS = 60_000;

/** Where the session sends its auth calls: the client's fetch, with the API key and retries. */
export type AuthFetch = (path: string, body: unknown) => Promise<Response>;

export class Session {
  private tokens: Tokens | undefined;
  private refreshing: Promise<Tokens> | undefined;

  constructor(
    private readonly post: AuthFetch,
    private readonly options: { readonly now?: () => number; readonly onTokens?: (tokens: Tokens | undefined) => void } = {},
  ) {}

  private now = () => (this.options.now ?? Date.now)();

  /** The current tokens, if signed in. */
  get current(): Tokens | undefined {
    return this.tokens;
  }

  /** Starts from tokens kept elsewhere (e.g. by an app across a page reload). */
  use(tokens: Tokens | undefined): void {
    this.tokens = tokens;
    this.options.onTokens?.(tokens);
  }

  /** `POST /v1/auth/login`: tokens, or a challenge to answer with `completeNewPassword` or `respondToMfa`. */
  signIn(username: string, password: string): Promise<SignInResult> {
    return this.exchange('/v1/auth/login', { username, password }, username);
  }

  /** `POST /v1/auth/new-password`: the NEW_PASSWORD_REQUIRED challenge (a first sign-in with a temporary password). */
  completeNewPassword(challenge: SignInChallenge, newPassword: string): Promise<SignInResult> {
    return this.exchange('/v1/auth/new-password', { username: challenge.username, session: challenge.session, newPassword }, challenge.username);
  }

  /** `POST /v1/auth/mfa`: the SOFTWARE_TOKEN_MFA challenge, with the six digits of the authenticator app. */
  respondToMfa(challenge: SignInChallenge, code: string): Promise<SignInResult> {
    return this.exchange('/v1/auth/mfa', { username: challenge.username, session: challenge.session, code }, challenge.username);
  }

  /** A valid access token: the current one, or a refreshed one when it expires within a minute. */
  async accessToken(): Promise<string | undefined> {
    if (!this.tokens) return undefined;
    if (this.tokens.expiresAt - this.now() > REFRESH_MARGIN_MS) return this.tokens.accessToken;
    return (await this.refresh()).accessToken;
  }

  /**
   * `POST /v1/auth/refresh`, once for all callers at the same moment (the API rotates refresh
   * tokens: two refreshes with the same token would race). A refused refresh signs out.
   */
  refresh(): Promise<Tokens> {
    const tokens = this.tokens;
    if (!tokens) return Promise.reject(new Error('not signed in'));
    this.refreshing ??= (async () => {
      try {
        const res = await this.post('/v1/auth/refresh', { refresh_token: tokens.refreshToken });
        if (!res.ok) {
          const problem = await problemOf(res);
          if (problem.status === 401) this.use(undefined);
          throw problem;
        }
        const next = this.toTokens((await res.json()) as TokenAnswer, tokens.refreshToken);
        this.use(next);
        return next;
      } finally {
        this.refreshing = undefined;
      }
    })();
    return this.refreshing;
  }

  /** `POST /v1/auth/logout` (revokes the refresh token), then forgets the tokens. */
  async signOut(send: (token: string, refreshToken: string) => Promise<Response>): Promise<void> {
    const tokens = this.tokens;
    this.use(undefined);
    if (!tokens) return;
    const res = await send(tokens.accessToken, tokens.refreshToken);
    if (!res.ok && res.status !== 401) throw await problemOf(res);
  }

  private async exchange(path: string, body: unknown, username: string): Promise<SignInResult> {
    const res = await this.post(path, body);
    if (!res.ok) throw await problemOf(res);
    const answer = (await res.json()) as TokenAnswer | { challenge: SignInChallenge['challenge']; session: string };
    if ('challenge' in answer) return { kind: 'challenge', challenge: answer.challenge, session: answer.session, username };
    const tokens = this.toTokens(answer, undefined);
    this.use(tokens);
    return { kind: 'signed-in', tokens };
  }

  private toTokens(answer: TokenAnswer, previousRefresh: string | undefined): Tokens {
    const refreshToken = answer.refresh_token ?? previousRefresh;
    if (!refreshToken) throw new HydrantProblem(500, { code: 'NO_REFRESH_TOKEN', detail: 'The sign-in answered no refresh token' });
    return { accessToken: answer.access_token, idToken: answer.id_token, refreshToken, expiresAt: this.now() + answer.expires_in * 1000 };
  }
}
