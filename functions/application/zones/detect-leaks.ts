/**
 * Nightly leak detection on every zone of every tenant (the `leak-detection` schedule's use
 * case): the leak loop from the night line to an alert, a work order and the webhooks.
 *
 * Steps, for each zone of the zone directory:
 *   1. load the zone (deleted: drop its directory entry) and its leak state (the newest night
 *      judged, the open leak alert);
 *   2. read its night line up to `now` (nights whose window has ended) from far enough back
 *      for the detector: its baseline span plus {@link LOOKBACK_NIGHTS}, and, while an alert is
 *      open, from the baseline span before the leak's start night, so the baseline the leak is
 *      measured against stays in view however long it lasts;
 *   3. run the CUSUM detector (`detectLeaks`, DEFAULT_DETECTOR_PARAMS) and decide
 *      (`decideLeakAlert`): nothing when the newest night was already judged (a second run
 *      for the same night changes nothing), raise, repeat (the one alert's figures, `count`,
 *      `lastSeenNight`), clear, or only move the night judged on;
 *   4. commit in one transaction conditioned on the zone's leak state: the alert, its
 *      `leak.suspected` / `leak.cleared` event, and on a raise whose leak rule asks for it
 *      (`leakRuleFor`) the leak-investigation work order (skill `leak-detection`, once per
 *      alert) with its `work_order.created` event. Another run changing the state meanwhile:
 *      counted as `raced`, that run's outcome stands.
 * A zone that fails is logged and the run goes on; the run then throws (the alarm fires).
 */
import { ulid } from 'ulid';
import { leakRulesOfZone } from '#adapters/dynamodb/alert-rules-repository';
import { commitZoneLeak, getAlert, getZoneLeakState, StaleZoneLeakState, type ZoneAlertWrite } from '#adapters/dynamodb/alerts-repository';
import { alertOnceKey, workOrderCreationItems } from '#adapters/dynamodb/work-orders-repository';
import { forgetZoneInDirectory, getZone, zoneDirectory } from '#adapters/dynamodb/zones-repository';
import { leakRuleFor } from '#domain/alerts/rules';
import { DEFAULT_DETECTOR_PARAMS, detectLeaks } from '#domain/leaks/detector';
import {
  clearedLeakAlert,
  decideLeakAlert,
  leakClearedEvent,
  leakInvestigation,
  leakSuspectedEvent,
  raisedLeakAlert,
  repeatedLeakAlert,
  type LeakAlertDecision,
} from '#domain/leaks/leak-alerts';
import type { Zone } from '#domain/leaks/zones';
import { newWorkOrder, workOrderCreatedEvent } from '#domain/work-orders';
import { logger } from '#platform/observability';
import { zoneNightLine } from './zone-night-line';

const DAY = 86_400_000;

/** Nights read beyond the baseline span, so a leak that began a few nights ago is seen whole. */
export const LOOKBACK_NIGHTS = 14;
/** The longest span read, whatever the open leak's age. */
const MAX_SPAN_NIGHTS = 366 + DEFAULT_DETECTOR_PARAMS.baselineNights;

type ZoneOutcome = LeakAlertDecision['kind'] | 'raced' | 'gone';

/** The first instant read for a zone: the detector's span, reaching back before an open leak's start night. */
export function readFrom(now: number, openLeakStartNight: string | null): number {
  const span = (DEFAULT_DETECTOR_PARAMS.baselineNights + LOOKBACK_NIGHTS) * DAY;
  const open = openLeakStartNight === null ? Number.POSITIVE_INFINITY : Date.parse(`${openLeakStartNight}T00:00:00Z`) - (DEFAULT_DETECTOR_PARAMS.baselineNights + 1) * DAY;
  return Math.max(now - MAX_SPAN_NIGHTS * DAY, Math.min(now - span, open));
}

/** Judges one zone at `now` and commits what was decided. */
export async function detectZoneLeak(tenantId: string, zone: Zone, now: Date): Promise<ZoneOutcome> {
  const at = now.toISOString();
  const state = await getZoneLeakState(tenantId, zone.id);
  const open = state.openAlertId === null ? undefined : await getAlert(tenantId, state.openAlertId);
  const rows = await zoneNightLine(tenantId, zone, readFrom(now.getTime(), open?.leak?.startNight ?? null), now.getTime());
  const newest = rows.at(-1) ?? null;
  const decision = decideLeakAlert(state, detectLeaks(rows), newest);
  if (decision.kind === 'already-judged' || newest === null) return 'already-judged';
  const night = newest.night;

  let change: ZoneAlertWrite | undefined;
  const events = [];
  const extraItems = [];
  let openAlertId = state.openAlertId;
  if (decision.kind === 'raise') {
    const rule = leakRuleFor(await leakRulesOfZone(tenantId, zone.id), zone.id);
    const alert = raisedLeakAlert(ulid(), zone, rule, decision.event, newest, at);
    change = { alert, readVersion: null };
    events.push(leakSuspectedEvent(ulid(), tenantId, alert, at));
    if (alert.workOrderRequested) {
      const workOrder = newWorkOrder(ulid(), leakInvestigation(alert, zone.name), { assetId: null, siteId: zone.siteId, clientId: zone.clientId }, 'leak-detector', at);
      extraItems.push(...workOrderCreationItems(tenantId, workOrder, { onceKey: alertOnceKey(alert.id), events: [workOrderCreatedEvent(ulid(), tenantId, workOrder, at)] }));
    }
    openAlertId = alert.id;
  } else if (open && open.status !== 'cleared' && (decision.kind === 'repeat' || decision.kind === 'clear')) {
    if (decision.kind === 'repeat') {
      change = { alert: repeatedLeakAlert(open, zone.name, decision.event, newest, at), readVersion: open.version };
    } else {
      const cleared = clearedLeakAlert(open, decision, newest, at);
      change = { alert: cleared, readVersion: open.version };
      events.push(leakClearedEvent(ulid(), tenantId, cleared, at));
      openAlertId = null;
    }
  } else if (decision.kind === 'clear' || decision.kind === 'repeat') {
    openAlertId = null; // the open alert is gone or was cleared otherwise: the next leak raises a new one
  }

  try {
    await commitZoneLeak(tenantId, zone.id, state, { lastNight: night, openAlertId }, change, { events, extraItems });
  } catch (error) {
    if (error instanceof StaleZoneLeakState) return 'raced';
    throw error;
  }
  if (change) logger.info('Leak alert', { decision: decision.kind, tenantId, zoneId: zone.id, alertId: change.alert.id, night });
  return decision.kind;
}

/** One run at `now`: `processed` is how many zones had their leak alert raised, repeated or cleared. */
export async function detectLeaksInZones(now: Date): Promise<{ processed: number; details: Record<ZoneOutcome, number> & { zones: number } }> {
  const details = { zones: 0, 'already-judged': 0, quiet: 0, raise: 0, repeat: 0, clear: 0, raced: 0, gone: 0 };
  const failures: unknown[] = [];
  for await (const { tenantId, zoneId } of zoneDirectory()) {
    details.zones++;
    try {
      const zone = await getZone(tenantId, zoneId);
      if (!zone) {
        await forgetZoneInDirectory(tenantId, zoneId);
        details.gone++;
        continue;
      }
      details[await detectZoneLeak(tenantId, zone, now)]++;
    } catch (error) {
      logger.error('Leak detection failed for a zone', { tenantId, zoneId, error: error as Error });
      failures.push(error);
    }
  }
  if (failures.length) throw new AggregateError(failures, `${failures.length} zone(s) failed leak detection`);
  return { processed: details.raise + details.repeat + details.clear, details };
}
