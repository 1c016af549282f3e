/** Schedule slots and feeds for tests that need them. */
import { DEMO_TECHNICIAN_ID } from '#lib/local/bootstrap/demo-field-operations';
import { call, tokenFor, USERS } from './api';

/** 10:00 UTC on a Monday `weeksAhead` weeks from now: 11:00 or 12:00 in Paris, inside a standard week. */
export function mondayAt(hourUtc = 10, weeksAhead = 1): string {
  const now = new Date();
  const daysToMonday = (8 - now.getUTCDay()) % 7 || 7;
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + daysToMonday + 7 * (weeksAhead - 1), hourUtc)).toISOString();
}

/** A calendar feed of a technician (the demo one by default), created by the manager: its id and URL path. */
export async function fixtureFeed(technicianId = DEMO_TECHNICIAN_ID): Promise<{ id: string; path: string }> {
  const res = await call('POST', '/v1/schedule/feeds', { token: await tokenFor(USERS.manager), body: { technicianId } });
  if (res.status !== 201) throw new Error(`fixture feed failed: ${res.status} ${JSON.stringify(res.body)}`);
  const url = new URL(res.body.url as string);
  return { id: res.body.id as string, path: `${url.pathname}${url.search}` };
}
