/**
 * Changes and views of user accounts shared by the admin operations and sign-in.
 */
import { attributesToApi, type AttributeType } from './attributes';
import type { StandInContext } from './context';
import { checkPasswordPolicy, hashPassword } from './passwords';
import type { User, UserPool } from './store';

/**
 * Sets a password after checking it against the pool's policy: a permanent one confirms
 * the user, a temporary one forces a change at next sign-in and expires per the policy.
 */
export async function setPassword(ctx: StandInContext, pool: UserPool, user: User, password: string, permanent: boolean): Promise<void> {
  checkPasswordPolicy(password, pool.passwordPolicy);
  user.passwordHash = await hashPassword(password);
  user.status = permanent ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD';
  if (permanent) delete user.temporaryPasswordExpiresAt;
  else user.temporaryPasswordExpiresAt = ctx.now() + pool.passwordPolicy.temporaryPasswordValidityDays * 86_400_000;
  touch(ctx, user);
}

/** Marks a user modified now (`UserLastModifiedDate`). */
export function touch(ctx: StandInContext, user: User): void {
  user.modifiedAt = new Date(ctx.now());
}

/** A user's attributes as the API lists them, `sub` first as Cognito does. */
export function userAttributesToApi(user: User, only?: readonly string[]): AttributeType[] {
  return attributesToApi(new Map([['sub', user.sub], ...user.attributes]), only);
}
