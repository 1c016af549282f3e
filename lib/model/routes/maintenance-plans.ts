/** Preventive maintenance plans, with the daily preventive schedule (issue 8). */
import { IdParams, pageOf } from '../schemas/common';
import { CreateMaintenancePlanBody, ListMaintenancePlansQuery, MaintenancePlan, maintenancePlanExample, UpdateMaintenancePlanBody } from '../schemas/maintenance-plans';
import { ALL_ROLES, authenticated, READS_TABLE, STAFF_WRITERS } from './access';
import { crudRoutes } from './crud';
import type { FunctionSpec, RouteDecl, ScheduleDecl } from '../types';

/** Plan writes read the meter sensor's latest reading (its baseline and projection). */
const PLAN_WRITES: FunctionSpec = { access: { table: 'readWrite', telemetry: 'read' } };

export const maintenancePlansRoutes: readonly RouteDecl[] = [
  {
    tag: 'Maintenance plans',
    apiKey: true,
    operationId: 'createMaintenancePlan',
    method: 'POST',
    path: '/v1/assets/{id}/maintenance-plans',
    summary: 'Add a preventive maintenance plan to an asset (calendar and/or meter, whichever first)',
    handler: 'http/maintenance-plans/create',
    idempotent: true,
    auth: authenticated(STAFF_WRITERS),
    request: {
      params: IdParams,
      body: CreateMaintenancePlanBody,
      bodyExample: {
        title: maintenancePlanExample.title,
        template: maintenancePlanExample.template,
        calendar: maintenancePlanExample.calendar,
        meter: maintenancePlanExample.meter,
        leadTimeDays: 7,
      },
    },
    responses: { 201: { description: 'Created', schema: MaintenancePlan, example: maintenancePlanExample, headers: ['ETag', 'Location'] } },
    fn: PLAN_WRITES,
  },
  {
    tag: 'Maintenance plans',
    apiKey: true,
    operationId: 'listMaintenancePlans',
    method: 'GET',
    path: '/v1/assets/{id}/maintenance-plans',
    summary: "An asset's maintenance plans",
    handler: 'http/maintenance-plans/list',
    auth: authenticated(ALL_ROLES),
    request: { params: IdParams, query: ListMaintenancePlansQuery },
    responses: { 200: { description: 'A page', schema: pageOf(MaintenancePlan), example: { data: [maintenancePlanExample], nextCursor: null } } },
    fn: READS_TABLE,
  },
  ...crudRoutes({
    collection: 'maintenance-plans',
    name: 'MaintenancePlan',
    tag: 'Maintenance plans',
    schema: MaintenancePlan,
    example: maintenancePlanExample,
    createBody: CreateMaintenancePlanBody,
    createExample: {},
    updateBody: UpdateMaintenancePlanBody,
    updateExample: { leadTimeDays: 14 },
    listQuery: ListMaintenancePlansQuery,
    readers: ALL_ROLES,
    writers: STAFF_WRITERS,
    writeFn: PLAN_WRITES,
  }).filter((r) => r.path.endsWith('{id}')),
];

/** Daily at 02:00 UTC: open the preventive work orders that fall due. */
export const maintenanceSchedules: readonly ScheduleDecl[] = [
  {
    name: 'preventive-maintenance',
    expression: 'cron(0 2 * * ? *)',
    handler: 'workers/preventive-maintenance',
    fn: { timeoutSeconds: 600, memoryMb: 512, access: { table: 'readWrite', telemetry: 'read' } },
  },
];
