import type { Principal } from '#domain/principal';
import type { User } from '#domain/users';
import { bearerToken } from './access-token';
import { ownRecord } from './own-record';

/** The caller's record. Steps: their access token (401 without); their record, made on first use. */
export async function getMe(who: Principal, authorization: string | undefined): Promise<User> {
  return ownRecord(who, bearerToken(authorization));
}
