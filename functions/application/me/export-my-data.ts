import { ownAttributes } from '#adapters/cognito/user-auth';
import { getUserRecord } from '#adapters/dynamodb/users-repository';
import type { Principal } from '#domain/principal';
import { personalDataExport } from '../users/personal-data-export';
import { bearerToken } from './access-token';

/** The caller's own export. Steps: the account part from Cognito with their access token, and their groups; their record; the export. */
export async function exportMyData(who: Principal, authorization: string | undefined) {
  const attributes = await ownAttributes(bearerToken(authorization));
  const account = { attributes, groups: who.role ? [who.role] : [] };
  return personalDataExport(who.tenantId, who.subject, await getUserRecord(who.tenantId, who.subject), account);
}
