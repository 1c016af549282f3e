import { renderNightFlowSvg } from '#domain/leaks/night-flow-chart';
import type { Principal } from '#domain/principal';
import { getZoneNightFlow } from './get-zone-night-flow';

/**
 * A zone's night flow as an SVG chart. Steps:
 *   1. the night flow as `GET /v1/zones/{id}/night-flow` answers it (same visibility, range
 *      defaults and limits: `getZoneNightFlow`), with the detector's threshold per night and
 *      the leak events;
 *   2. render it (pure `renderNightFlowSvg`).
 */
export async function getZoneNightFlowChart(who: Principal, id: string, requested: { from?: number; to?: number }, now: Date): Promise<string> {
  const { zone, nights, decisions, events } = await getZoneNightFlow(who, id, requested, now);
  const title = `Night flow of zone ${zone.name} (${zone.timezone})${nights.length ? `, ${nights[0]!.night} to ${nights.at(-1)!.night}` : ''}`;
  return renderNightFlowSvg({
    title,
    nights: nights.map((row, i) => ({ night: row.night, minimumNightFlowM3h: row.minimumNightFlowM3h, legitimateNightUseM3h: row.legitimateNightUseM3h, thresholdM3h: decisions[i]?.thresholdM3h ?? null })),
    events,
  });
}
