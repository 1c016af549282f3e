import { listAlerts } from '#adapters/dynamodb/alerts-repository';
import { listAssets } from '#adapters/dynamodb/assets-repository';
import { collectPages, type Page } from '#adapters/dynamodb/query-page';
import { listTechnicians } from '#adapters/dynamodb/technicians-repository';
import { timeEntriesStartingIn } from '#adapters/dynamodb/time-entries-repository';
import { collectWorkOrders } from '#adapters/dynamodb/work-orders-repository';
import {
  backlog,
  bookedMinutesFromEstimates,
  countBy,
  loggedMinutesByTechnician,
  meanTimeBetweenFailuresHours,
  meanTimeToRepairHours,
  preventiveCompliance,
  startOfWeek,
  technicianUtilisation,
  workOrderCounts,
} from '#domain/dashboard';
import { confinedClientId, type Principal } from '#domain/principal';
import { weeklyWorkingMinutes } from '#domain/technicians';
import { ACTIVE_STATUSES } from '#domain/work-orders';

/** How far back finished work counts (MTTR, MTBF, compliance): by due date. */
const HISTORY_DAYS = 90;
const MAX_ITEMS = 5000;

/** Every item of a list, up to {@link MAX_ITEMS}. */
const all = <T>(page: (cursor?: string) => Promise<Page<T>>): Promise<T[]> => collectPages(page, MAX_ITEMS);

/**
 * The operations dashboard's KPIs. Steps:
 *   1. a client user's queries are confined to its client;
 *   2. query (never scan) the work still to be done, one status partition each, and the
 *      finished work of the last 90 days; the assets, the active alerts and (staff only)
 *      the active technicians;
 *   3. this week's time entries, when there are technicians to report on;
 *   4. compute every KPI with the pure functions of the dashboard.
 */
export async function getDashboard(who: Principal) {
  const clientId = confinedClientId(who);
  const now = new Date().toISOString();
  const since = new Date(Date.now() - HISTORY_DAYS * 86_400_000).toISOString();
  const scope = clientId ? { clientId } : {};
  const [active, finished, assets, alerts, technicians] = await Promise.all([
    Promise.all(ACTIVE_STATUSES.map((status) => collectWorkOrders(who.tenantId, { status, ...scope }, MAX_ITEMS))).then((x) => x.flat()),
    Promise.all((['completed', 'closed'] as const).map((status) => collectWorkOrders(who.tenantId, { status, from: since, ...scope }, MAX_ITEMS))).then((x) => x.flat()),
    all((cursor) => listAssets(who.tenantId, { ...scope, limit: 100, ...(cursor ? { cursor } : {}) })),
    all((cursor) => listAlerts(who.tenantId, { status: 'active', ...scope, limit: 100, ...(cursor ? { cursor } : {}) })),
    clientId ? Promise.resolve([]) : all((cursor) => listTechnicians(who.tenantId, { active: true, limit: 100, ...(cursor ? { cursor } : {}) })),
  ]);
  const workOrders = [...active, ...finished];
  const week = startOfWeek(now);
  const weekEnd = new Date(Date.parse(week) + 7 * 86_400_000).toISOString();
  // Client users see no technicians: their week's time is not read.
  const logged = new Map<string, number>();
  if (technicians.length > 0) {
    for await (const page of timeEntriesStartingIn(who.tenantId, week, weekEnd)) {
      for (const [id, minutes] of loggedMinutesByTechnician(page)) logged.set(id, (logged.get(id) ?? 0) + minutes);
    }
  }
  return {
    generatedAt: now,
    clientId: clientId ?? null,
    workOrders: workOrderCounts(workOrders, now),
    meanTimeToRepairHours: meanTimeToRepairHours(workOrders),
    meanTimeBetweenFailuresHours: meanTimeBetweenFailuresHours(workOrders),
    preventiveCompliance: preventiveCompliance(workOrders, now),
    backlog: backlog(workOrders),
    technicianUtilisation: technicianUtilisation(
      bookedMinutesFromEstimates(workOrders, week, weekEnd),
      new Map(technicians.map((t) => [t.id, weeklyWorkingMinutes(t.workingHours)])),
      logged,
    ),
    assetsByStatus: countBy(assets, (a) => a.status),
    activeAlertsBySeverity: countBy(alerts, (a) => a.severity),
  };
}
