/** Time entries and preventive maintenance plans, with the daily preventive schedule (issue 8). */
import type { FunctionSpec, RouteDecl, ScheduleDecl } from '../types';
import { IdParams, PageQuery, pageOf } from '../schemas/common';
import {
  CreateMaintenancePlanBody,
  CreateTimeEntryBody,
  ListMaintenancePlansQuery,
  MaintenancePlan,
  maintenancePlanExample,
  TimeEntry,
  timeEntryExample,
  timeExportExample,
  TimeExportQuery,
  UpdateMaintenancePlanBody,
} from '../schemas/maintenance';
import { ALL_ROLES, authenticated, READS_TABLE, STAFF_WRITERS, WRITES_TABLE } from './access';
import { crudRoutes } from './crud';

/** Plan writes read the meter sensor's latest reading (its baseline and projection). */
const PLAN_WRITES: FunctionSpec = { access: { table: 'readWrite', telemetry: 'read' } };

export const timeEntryRoutes: readonly RouteDecl[] = [
  {
    tag: 'Time entries',
    apiKey: true,
    operationId: 'createTimeEntry',
    method: 'POST',
    path: '/v1/work-orders/{id}/time-entries',
    summary: 'Log time spent on a work order (a technician for themself, managers for anyone)',
    handler: 'http/time-entries/create',
    idempotent: true,
    auth: authenticated(['admin', 'manager', 'technician']),
    request: {
      params: IdParams,
      body: CreateTimeEntryBody,
      bodyExample: { technicianId: timeEntryExample.technicianId, start: timeEntryExample.start, end: timeEntryExample.end, note: timeEntryExample.note },
    },
    responses: { 201: { description: 'Logged', schema: TimeEntry, example: timeEntryExample, headers: ['ETag'] } },
    fn: WRITES_TABLE,
  },
  {
    tag: 'Time entries',
    apiKey: true,
    operationId: 'listTimeEntries',
    method: 'GET',
    path: '/v1/work-orders/{id}/time-entries',
    summary: "A work order's time entries, by start",
    handler: 'http/time-entries/list',
    auth: authenticated(ALL_ROLES),
    request: { params: IdParams, query: PageQuery },
    responses: { 200: { description: 'A page', schema: pageOf(TimeEntry), example: { data: [timeEntryExample], nextCursor: null } } },
    fn: READS_TABLE,
  },
  {
    tag: 'Time entries',
    apiKey: true,
    operationId: 'exportTimeEntries',
    method: 'GET',
    path: '/v1/time-entries/export',
    summary: 'Time entries starting in [from, to) as CSV for payroll (RFC 4180, at most 62 days)',
    handler: 'http/time-entries/export',
    auth: authenticated(STAFF_WRITERS),
    request: { query: TimeExportQuery },
    responses: { 200: { description: 'A CSV document with a header row', contentType: 'text/csv', example: timeExportExample } },
    fn: { timeoutSeconds: 29, memoryMb: 512, access: { table: 'read' } },
  },
];

export const maintenancePlanRoutes: readonly RouteDecl[] = [
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
