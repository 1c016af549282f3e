import type * as z from 'zod';
import { getZoneWaterBalance as getZoneWaterBalanceUseCase } from '#application/zones/get-zone-water-balance';
import { caller } from '#http-stack/resources';
import { findRoute } from '#lib/model/find-route';
import { consumptionRoutes } from '#lib/model/routes/consumption';
import type { WaterBalanceQuery } from '#lib/model/schemas/consumption';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

export async function getZoneWaterBalance({ params, query, principal }: HttpRequest<{ id: string }, z.infer<typeof WaterBalanceQuery>>) {
  const instant = (v: string | undefined) => (v === undefined ? undefined : Date.parse(v));
  const { zone, from, to, balance, systemInput, consumption } = await getZoneWaterBalanceUseCase(caller(principal), params.id, { from: instant(query.from), to: instant(query.to) }, new Date());
  const { rows, connections, prorated, billedMeteredM3, billedUnmeteredM3, unbilledMeteredM3, unbilledUnmeteredM3 } = consumption;
  const sources = {
    meters: systemInput.meters,
    systemInputHours: systemInput.hours,
    systemInputCompleteness: systemInput.completeness,
    consumption: { rows, connections, prorated, billedMeteredM3, billedUnmeteredM3, unbilledMeteredM3, unbilledUnmeteredM3 },
  };
  return { status: 200, body: { zoneId: zone.id, from: new Date(from).toISOString(), to: new Date(to).toISOString(), ...balance, sources } };
}

export const handler = httpRoute(findRoute(consumptionRoutes, 'getZoneWaterBalance'), getZoneWaterBalance);
