/**
 * Google Calendar (API v3, https://developers.google.com/calendar/api/v3/reference/events), two-way:
 *   out  each `work_order.assigned` becomes an event in the technician's calendar
 *        (`config.calendarIds` {technicianId: calendarId}, else `config.calendarId`, else
 *        `primary`) with an id derived from the work order (so a reassignment updates it:
 *        insert, and on 409 duplicate, update) and the work order in private extended properties;
 *   in   the hourly sync lists the events updated since the last sync (`updatedMin`), keeps
 *        those holding a Hydrant work order, and asks Hydrant to move each visit whose
 *        times changed: the assignment use case applies the scheduling conflict rules, and a
 *        refused move is reported in the run's errors (the calendar keeps the admin's change).
 * Tokens: the OAuth2 grant (`accessToken`), refreshed by the run. 403/429 `rateLimitExceeded`
 * carry no Retry-After: backoff applies (https://developers.google.com/calendar/api/guides/quota).
 */
import { credential, nothingToDo, type ConnectorContext, type ConnectorPort } from './port';
import { callProviderJson, ProviderError } from './provider-http';
import { PROVIDER_URLS } from './provider-urls';

/** Google event ids are base32hex (a-v, 0-9), 5 to 1024 characters: the work order id in hex. */
export const eventIdOf = (workOrderId: string): string => Buffer.from(workOrderId, 'utf8').toString('hex');

const calendarOf = (ctx: ConnectorContext, technicianId: string): string => {
  const byTechnician = (ctx.connector.config.calendarIds ?? {}) as Record<string, string>;
  const fallback = ctx.connector.config.calendarId;
  return byTechnician[technicianId] ?? (typeof fallback === 'string' && fallback ? fallback : 'primary');
};

const eventsUrl = (calendarId: string) => `${PROVIDER_URLS.googleCalendar}/calendar/v3/calendars/${encodeURIComponent(calendarId)}/events`;

interface AssignedData {
  readonly workOrderId: string;
  readonly technicianId: string;
  readonly start: string;
  readonly end: string;
  readonly workOrder?: { readonly title?: string; readonly description?: string };
}

interface GoogleEvent {
  readonly id: string;
  readonly status?: string;
  readonly start?: { readonly dateTime?: string };
  readonly end?: { readonly dateTime?: string };
  readonly extendedProperties?: { readonly private?: Record<string, string> };
}

export const googleCalendarConnector: ConnectorPort = {
  async authenticate(ctx) {
    await callProviderJson('google_calendar', { url: `${PROVIDER_URLS.googleCalendar}/calendar/v3/users/me/calendarList?maxResults=1`, headers: { authorization: `Bearer ${credential(ctx, 'accessToken')}` } });
    return nothingToDo;
  },

  async sendEvent(ctx, event) {
    if (event.type !== 'work_order.assigned') return nothingToDo;
    const data = event.data as AssignedData;
    const calendarId = calendarOf(ctx, data.technicianId);
    const body = {
      id: eventIdOf(data.workOrderId),
      summary: data.workOrder?.title ?? `Work order ${data.workOrderId}`,
      description: data.workOrder?.description ?? '',
      start: { dateTime: data.start },
      end: { dateTime: data.end },
      extendedProperties: { private: { hydrantWorkOrderId: data.workOrderId, hydrantTechnicianId: data.technicianId } },
    };
    const headers = { authorization: `Bearer ${credential(ctx, 'accessToken')}` };
    try {
      await callProviderJson('google_calendar', { method: 'POST', url: eventsUrl(calendarId), headers, json: body });
    } catch (error) {
      if (!(error instanceof ProviderError && error.status === 409)) throw error;
      await callProviderJson('google_calendar', { method: 'PUT', url: `${eventsUrl(calendarId)}/${body.id}`, headers, json: body });
    }
    return { records: 1, errors: [] };
  },

  async sync(ctx) {
    const since = new Date(ctx.connector.lastSyncAt ? Date.parse(ctx.connector.lastSyncAt) : ctx.now.getTime() - 86_400_000).toISOString();
    const calendars = new Set([...Object.values((ctx.connector.config.calendarIds ?? {}) as Record<string, string>), calendarOf(ctx, '')]);
    let records = 0;
    const errors: string[] = [];
    for (const calendarId of calendars) {
      for (let pageToken: string | undefined; ; ) {
        // `privateExtendedProperty` filters on `name=value` only: the events changed since are listed and Hydrant's kept.
        const query = new URLSearchParams({ updatedMin: since, singleEvents: 'true', maxResults: '250', ...(pageToken ? { pageToken } : {}) });
        const page = await callProviderJson<{ items?: GoogleEvent[]; nextPageToken?: string }>('google_calendar', {
          url: `${eventsUrl(calendarId)}?${query}`,
          headers: { authorization: `Bearer ${credential(ctx, 'accessToken')}` },
        });
        for (const item of page.items ?? []) {
          const workOrderId = item.extendedProperties?.private?.hydrantWorkOrderId;
          const technicianId = item.extendedProperties?.private?.hydrantTechnicianId;
          if (!workOrderId || !technicianId || item.status === 'cancelled' || !item.start?.dateTime || !item.end?.dateTime) continue;
          const outcome = await ctx.data.moveVisit(workOrderId, technicianId, { start: item.start.dateTime, end: item.end.dateTime });
          if (outcome === 'moved') records++;
          else if (outcome !== 'unchanged') errors.push(outcome);
        }
        if (!page.nextPageToken) break;
        pageToken = page.nextPageToken;
      }
    }
    return { records, errors };
  },
};
