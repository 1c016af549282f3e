/** Time entries of technicians on work orders, and their export (issue 8). */
import { IdParams, pageOf, PageQuery } from '../schemas/common';
import { CreateTimeEntryBody, TimeEntry, timeEntryExample, timeExportExample, TimeExportQuery } from '../schemas/time-entries';
import { ALL_ROLES, authenticated, READS_TABLE, STAFF_WRITERS, WRITES_TABLE } from './access';
import type { RouteDecl } from '../types';

export const timeEntriesRoutes: readonly RouteDecl[] = [
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
