import { accountOfSignInName } from '#adapters/cognito/sign-in-accounts';

/**
 * The account a sign-in name names (its stable username), or undefined: what the
 * failed-sign-in lock counts per account, given to `httpRoute` by the sign-in routes.
 * An e-mail and the username of one account are one account.
 */
export async function signInAccountOf(name: string): Promise<string | undefined> {
  return accountOfSignInName(name);
}
