import { entriesBetween } from '#adapters/dynamodb/schedule-repository';
import type { Principal } from '#domain/principal';
import type { ScheduleEntry } from '#domain/scheduling';
import { scheduleOwner } from './schedule-owner';

/** The visits booked in `[from, to)`. Steps: whose ({@link scheduleOwner}: a technician's own); read them. */
export async function getSchedule(who: Principal, range: { from: string; to: string; technicianId?: string }): Promise<ScheduleEntry[]> {
  const technicianId = await scheduleOwner(who, range.technicianId);
  return entriesBetween(who.tenantId, { from: range.from, to: range.to, ...(technicianId ? { technicianId } : {}) });
}
