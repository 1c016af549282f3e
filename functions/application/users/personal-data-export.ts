/**
 * The export of a user's personal data, shared by `exportUser` (an admin) and
 * `exportMyData` (the user): the account as Cognito holds it, the Hydrant record with
 * consent, the technician profile, and every record about them.
 */
import { getTechnician } from '#adapters/dynamodb/technicians-repository';
import { findPersonalData } from '#adapters/dynamodb/personal-data';
import { withoutKeys } from '#adapters/dynamodb/items';
import type { User } from '#domain/users';

/**
 * Steps: the technician profile of the user; every record about them since the first
 * of their dates (`findPersonalData`); the records without their table keys.
 */
export async function personalDataExport(tenantId: string, userId: string, user: User | undefined, account: Record<string, unknown> | null) {
  const technician = user?.technicianId ? await getTechnician(tenantId, user.technicianId) : undefined;
  const found = await findPersonalData({
    tenantId,
    userIds: [userId],
    technicianId: technician?.id ?? null,
    since: [user?.createdAt, technician?.createdAt].filter((d): d is string => !!d).sort()[0] ?? '1970-01-01T00:00:00.000Z',
  });
  const clean = (items: Record<string, unknown>[]) => items.map((i) => withoutKeys<Record<string, unknown>>(i));
  return {
    exportedAt: new Date().toISOString(),
    userId,
    account,
    user: user ?? null,
    technician: (technician as unknown as Record<string, unknown> | undefined) ?? null,
    workOrders: clean(found.workOrders),
    workOrderHistory: clean(found.workOrderHistory),
    timeEntries: clean(found.timeEntries),
    scheduleEntries: clean(found.scheduleEntries),
    notifications: clean(found.notifications),
    serviceRequests: clean(found.serviceRequests),
    documents: clean(found.documents),
  };
}
