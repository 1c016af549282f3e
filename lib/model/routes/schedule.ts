/** The schedule of technicians and its calendar feed (issue 8). */
import { IdParams } from '../schemas/common';
import { CalendarFeed, calendarFeedExample, CreateFeedBody, IcsQuery, Schedule, scheduleEntryExample, ScheduleQuery } from '../schemas/schedule';
import { authenticated, PUBLIC, READS_TABLE, WRITES_TABLE } from './access';
import type { RouteDecl } from '../types';

const common = { tag: 'Scheduling', apiKey: true } as const;
const STAFF_AND_TECHNICIANS = ['admin', 'manager', 'technician'] as const;

export const scheduleRoutes: readonly RouteDecl[] = [
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
