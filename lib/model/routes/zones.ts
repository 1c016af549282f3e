/**
 * Zones (district metered areas, issue 15): the five routes of the resource, declared as
 * sites' are (admins and managers write, everyone reads, client users only the zones of
 * their own client), and the zone's night flow.
 */
import type { RouteDecl } from '../types';
import { IdParams } from '../schemas/common';
import { CreateZoneBody, createZoneExample, ListZonesQuery, NightFlow, nightFlowExample, NightFlowQuery, UpdateZoneBody, Zone, zoneExample } from '../schemas/zones';
import { ALL_ROLES, authenticated, READS_TABLE, STAFF_WRITERS } from './access';
import { crudRoutes } from './crud';

/** A zone's sensors are checked on update as on create: 422 when one is unusable (create documents 422 already, as idempotent). */
const refusesSensors = (route: RouteDecl): RouteDecl => (route.operationId === 'updateZone' ? { ...route, errorStatuses: [...(route.errorStatuses ?? []), 422] } : route);

export const zonesRoutes: readonly RouteDecl[] = [
  ...crudRoutes({
    collection: 'zones',
    name: 'Zone',
    tag: 'Zones',
    schema: Zone,
    example: zoneExample,
    createBody: CreateZoneBody,
    createExample: createZoneExample,
    updateBody: UpdateZoneBody,
    updateExample: { serviceConnections: 2450, nightWindow: { start: '01:30', end: '04:30' } },
    listQuery: ListZonesQuery,
    readers: ALL_ROLES,
    writers: STAFF_WRITERS,
  }).map(refusesSensors),
  {
    tag: 'Zones',
    apiKey: true,
    operationId: 'getZoneNightFlow',
    method: 'GET',
    path: '/v1/zones/{id}/night-flow',
    summary: "A zone's minimum night flow, one row per local night, with the leak detector's verdict",
    handler: 'http/zones/night-flow',
    auth: authenticated(ALL_ROLES),
    request: { params: IdParams, query: NightFlowQuery },
    responses: { 200: { description: 'One row per night', schema: NightFlow, example: nightFlowExample } },
    fn: { memoryMb: 512, timeoutSeconds: 29, access: { ...READS_TABLE.access, telemetry: 'read' } },
  },
];
