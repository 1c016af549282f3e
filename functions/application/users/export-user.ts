import type { Principal } from '#domain/principal';
import { personalDataExport } from './personal-data-export';
import { userOfTenant } from './user-of-tenant';

/** An admin's export of a user of their tenant. Steps: the user (an account of another tenant is 404); their export, with the Cognito account when it is of this tenant. */
export async function exportUser(who: Principal, id: string) {
  const { user, account, sameTenant } = await userOfTenant(who.tenantId, id);
  return personalDataExport(who.tenantId, id, user, sameTenant ? { ...account } : null);
}
