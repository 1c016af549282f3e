/**
 * Zones (district metered areas, issue 15): the five routes of the resource, declared as
 * sites' are (admins and managers write, everyone reads, client users only the zones of
 * their own client), and the zone's night flow.
 */
import type { RouteDecl, ScheduleDecl } from '../types';
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
  {
    tag: 'Zones',
    apiKey: true,
    operationId: 'getZoneNightFlowChart',
    method: 'GET',
    path: '/v1/zones/{id}/night-flow.svg',
    summary: "A zone's night line as an SVG chart: minimum night flow, legitimate night use, the detection threshold and leak events",
    handler: 'http/zones/night-flow-chart',
    auth: authenticated(ALL_ROLES),
    request: { params: IdParams, query: NightFlowQuery },
    responses: { 200: { description: 'An SVG document', contentType: 'image/svg+xml' } },
    fn: { memoryMb: 512, timeoutSeconds: 29, access: { ...READS_TABLE.access, telemetry: 'read' } },
  },
];

/**
 * The leak loop's nightly run (workers/leak-detection): every zone's night line through the
 * detector, its leak alert raised, repeated or cleared. At 06:00 UTC: after the night windows
 * of zones from UTC-2 eastwards have ended (the default 02:00-04:00 ends by 04:00 UTC in
 * Europe, summer and winter), with two hours for loggers that upload their night's buffer in
 * the morning. A zone whose window ends later (the Americas) is judged the next morning; a
 * second run the same day judges nothing twice.
 */
export const zoneSchedules: readonly ScheduleDecl[] = [
  {
    name: 'leak-detection',
    expression: 'cron(0 6 * * ? *)',
    handler: 'workers/leak-detection',
    fn: { timeoutSeconds: 900, memoryMb: 1024, access: { table: 'readWrite', telemetry: 'read' } },
  },
];
