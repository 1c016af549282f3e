/** Scheduling (issue 8): assignment, candidates, the schedule, its calendar feed. */
import type { RouteDecl } from '../types';
import { IdParams } from '../schemas/common';
import {
  Assignment,
  AssignmentBody,
  CalendarFeed,
  calendarFeedExample,
  Candidates,
  candidatesExample,
  CandidatesQuery,
  CreateFeedBody,
  IcsQuery,
  Schedule,
  scheduleEntryExample,
  ScheduleQuery,
} from '../schemas/scheduling';
import { workOrderExample } from '../schemas/work-orders';
import { authenticated, PUBLIC, READS_TABLE, STAFF_WRITERS, WRITES_TABLE } from './access';

const common = { tag: 'Scheduling', apiKey: true } as const;
const STAFF_AND_TECHNICIANS = ['admin', 'manager', 'technician'] as const;

export const schedulingRoutes: readonly RouteDecl[] = [
  {
    ...common,
    operationId: 'assignWorkOrder',
    method: 'POST',
    path: '/v1/work-orders/{id}/assignment',
    summary: "Book a technician's visit for a work order and move it to scheduled (409 lists the conflicts: overlaps, days off, working hours)",
    handler: 'http/work-orders/assign',
    idempotent: true,
    auth: authenticated(STAFF_WRITERS),
    request: { params: IdParams, body: AssignmentBody, bodyExample: { technicianId: scheduleEntryExample.technicianId, start: scheduleEntryExample.start, durationMinutes: 120 } },
    responses: {
      200: { description: 'Booked', schema: Assignment, example: { entry: scheduleEntryExample, workOrder: { ...workOrderExample, status: 'scheduled', version: 2 } }, headers: ['ETag'] },
    },
    fn: WRITES_TABLE,
  },
  {
    ...common,
    operationId: 'listWorkOrderCandidates',
    method: 'GET',
    path: '/v1/work-orders/{id}/candidates',
    summary: 'Technicians ranked for a work order: required skills, free in the slot, then lighter week, each with its reasons',
    handler: 'http/work-orders/candidates',
    auth: authenticated(STAFF_WRITERS),
    request: { params: IdParams, query: CandidatesQuery },
    responses: { 200: { description: 'Ranked technicians', schema: Candidates, example: candidatesExample } },
    fn: READS_TABLE,
  },
  {
    ...common,
    operationId: 'getSchedule',
    method: 'GET',
    path: '/v1/schedule',
    summary: "Booked visits in a window, with their work order's summary (technicians: their own)",
    handler: 'http/schedule/list',
    auth: authenticated(STAFF_AND_TECHNICIANS),
    request: { query: ScheduleQuery },
    responses: { 200: { description: 'Visits in start order', schema: Schedule, example: { data: [scheduleEntryExample] } } },
    fn: READS_TABLE,
  },
  {
    ...common,
    operationId: 'createScheduleFeed',
    idempotencyExempt: 'The answer holds the secret feed URL (the credential of calendar apps), which a kept answer would store for 24 hours',
    method: 'POST',
    path: '/v1/schedule/feeds',
    summary: "A calendar subscription URL (iCalendar) of a technician's schedule; the URL is shown once and works until the feed is deleted",
    handler: 'http/schedule/create-feed',
    auth: authenticated(STAFF_AND_TECHNICIANS),
    request: { body: CreateFeedBody, bodyExample: { technicianId: scheduleEntryExample.technicianId } },
    responses: { 201: { description: 'Created', schema: CalendarFeed, example: calendarFeedExample, headers: ['Location'] } },
    fn: WRITES_TABLE,
  },
  {
    ...common,
    operationId: 'deleteScheduleFeed',
    method: 'DELETE',
    path: '/v1/schedule/feeds/{id}',
    summary: 'Revoke a calendar feed: its URL stops working at once',
    handler: 'http/schedule/delete-feed',
    auth: authenticated(STAFF_AND_TECHNICIANS),
    request: { params: IdParams },
    responses: { 204: { description: 'Revoked' } },
    fn: WRITES_TABLE,
  },
  {
    ...common,
    // Calendar apps send no headers: no API key, no token; the feed's secret URL is the credential.
    apiKey: false,
    operationId: 'getScheduleIcs',
    method: 'GET',
    path: '/v1/schedule.ics',
    summary: "A technician's schedule as iCalendar (RFC 5545), through the URL a feed hands out",
    handler: 'http/schedule/ics',
    auth: PUBLIC,
    request: { query: IcsQuery },
    responses: { 200: { description: 'An iCalendar document', contentType: 'text/calendar', headers: ['ETag'] } },
    fn: READS_TABLE,
  },
];
