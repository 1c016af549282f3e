import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PREFERENCES,
  emailDecision,
  escapeHtml,
  groupDigests,
  parseUnsubscribeToken,
  renderDigestEmail,
  renderNotificationEmail,
  unsubscribedPreferences,
  unsubscribeExpired,
  unsubscribePayload,
  unsubscribeToken,
  updatedPreferences,
  type DigestEntry,
  type EmailedNotification,
} from '#domain/email-notifications';

const LINK = 'https://api.hydrant.example/v1/unsubscribe?token=abc.def';
const notification: EmailedNotification = {
  type: 'alert.raised',
  title: 'MAJOR alert: pH high on PH_001',
  body: 'pH high: PH_001 value 9.2 above 8.5',
  resource: { type: 'alert', id: '01JD5Y7Z8M6Q2V3W4X5Y6Z7A8C' },
  count: 1,
  at: '2026-11-21T10:05:00.000Z',
};

describe('preferences', () => {
  it('e-mails nothing by default, and only the chosen types in the chosen mode', () => {
    expect(emailDecision(DEFAULT_PREFERENCES, 'alert.raised')).toBe('none');
    const immediate = updatedPreferences(DEFAULT_PREFERENCES, { locale: 'fr', email: 'immediate', eventTypes: ['alert.raised'] }, '2026-11-21T10:00:00.000Z');
    expect(emailDecision(immediate, 'alert.raised')).toBe('immediate');
    expect(emailDecision(immediate, 'work_order.assigned')).toBe('none');
    const digest = updatedPreferences(immediate, { locale: 'en', email: 'digest', eventTypes: ['work_order.assigned', 'work_order.assigned'] }, '2026-11-21T10:01:00.000Z');
    expect(digest).toMatchObject({ eventTypes: ['work_order.assigned'], version: 2, updatedAt: '2026-11-21T10:01:00.000Z' });
    expect(emailDecision(digest, 'work_order.assigned')).toBe('digest');
  });

  it('unsubscribing turns e-mails off and keeps the rest; unsubscribing again changes nothing', () => {
    const on = updatedPreferences(DEFAULT_PREFERENCES, { locale: 'fr', email: 'digest', eventTypes: ['alert.raised'] }, '2026-11-21T10:00:00.000Z');
    const off = unsubscribedPreferences(on, '2026-11-22T08:00:00.000Z');
    expect(off).toMatchObject({ email: 'off', locale: 'fr', eventTypes: ['alert.raised'], version: on.version + 1 });
    expect(unsubscribedPreferences(off!, '2026-11-22T09:00:00.000Z')).toBeUndefined();
  });
});

describe('templates', () => {
  it('renders the e-mail of a notification in English and in French, HTML and text, with the unsubscribe link', () => {
    const en = renderNotificationEmail('en', notification, LINK);
    expect(en.subject).toBe('[Hydrant] Alert raised: MAJOR alert: pH high on PH_001');
    expect(en.html).toContain('<html lang="en">');
    expect(en.html).toContain(`<a href="${escapeHtml(LINK)}">Unsubscribe from these e-mails</a>`);
    expect(en.text).toContain(`Unsubscribe from these e-mails: ${LINK}`);
    const fr = renderNotificationEmail('fr', { ...notification, count: 3 }, LINK);
    expect(fr.subject).toBe('[Hydrant] Alerte déclenchée: MAJOR alert: pH high on PH_001');
    expect(fr.html).toContain('<html lang="fr">');
    expect(fr.html).toContain('3 occurrences à ce jour');
    expect(fr.text).toContain(`Se désabonner de ces e-mails: ${LINK}`);
  });

  it('escapes every value in the HTML and keeps titles on one line', () => {
    const hostile = { ...notification, title: '<script>alert(1)</script>\r\nBcc: x@evil', body: 'a "quoted" & <b>bold</b> \'body\'' };
    const mail = renderNotificationEmail('en', hostile, 'https://x.example/u?token=a"b<c');
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mail.html).toContain('a &quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt; &#39;body&#39;');
    expect(mail.html).toContain('href="https://x.example/u?token=a&quot;b&lt;c"');
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.text.split('\n')).toContain('<script>alert(1)</script> Bcc: x@evil');
  });

  it('renders a digest in both languages, one line per notification', () => {
    const lines = [
      { notificationId: 'n1', type: 'alert.raised', title: 'MAJOR <alert>', body: 'b', events: 2, lastAt: '2026-11-21T10:00:00.000Z' },
      { notificationId: 'n2', type: 'work_order.assigned', title: 'WO 7', body: 'c', events: 1, lastAt: '2026-11-21T09:00:00.000Z' },
    ];
    const en = renderDigestEmail('en', lines, '2026-11-22', LINK);
    expect(en.subject).toBe('[Hydrant] Your digest of 2026-11-22: 2 notifications');
    expect(en.html.match(/<li>/g)).toHaveLength(2);
    expect(en.html).toContain('MAJOR &lt;alert&gt; (2 occurrences so far)');
    const fr = renderDigestEmail('fr', lines.slice(1), '2026-11-22', LINK);
    expect(fr.subject).toBe('[Hydrant] Votre résumé du 2026-11-22 : 1 notification');
    expect(fr.text).toContain("- Ordre de travail qui vous est attribué: WO 7");
  });
});

describe('digest grouping', () => {
  const entry = (over: Partial<DigestEntry>): DigestEntry => ({
    tenantId: 't1',
    userId: 'u1',
    eventId: 'e1',
    notificationId: 'n1',
    type: 'alert.raised',
    title: 'first title',
    body: 'b',
    at: '2026-11-21T08:00:00.000Z',
    ...over,
  });

  it('makes one digest per user of a tenant, one line per notification with its latest title and its events, latest first', () => {
    const digests = groupDigests([
      entry({}),
      entry({ eventId: 'e2', title: 'latest title', at: '2026-11-21T09:00:00.000Z' }),
      entry({ eventId: 'e2', title: 'latest title', at: '2026-11-21T09:00:00.000Z' }),
      entry({ eventId: 'e3', notificationId: 'n2', type: 'work_order.assigned', title: 'WO', at: '2026-11-21T10:00:00.000Z' }),
      entry({ userId: 'u2', eventId: 'e4' }),
      entry({ tenantId: 't2', eventId: 'e5' }),
    ]);
    expect(digests.map((d) => `${d.tenantId}/${d.userId}`)).toEqual(['t1/u1', 't1/u2', 't2/u1']);
    const [mine] = digests;
    expect(mine!.lines).toEqual([
      { notificationId: 'n2', type: 'work_order.assigned', title: 'WO', body: 'b', events: 1, lastAt: '2026-11-21T10:00:00.000Z' },
      { notificationId: 'n1', type: 'alert.raised', title: 'latest title', body: 'b', events: 2, lastAt: '2026-11-21T09:00:00.000Z' },
    ]);
    expect(mine!.entries).toHaveLength(4);
    expect(groupDigests([])).toEqual([]);
  });
});

describe('unsubscribe tokens', () => {
  const now = new Date('2026-11-21T10:00:00.000Z');

  it('carries the tenant, the user and an expiry 60 days ahead', () => {
    const token = unsubscribeToken(unsubscribePayload('tenant-1', 'user-1', now), Buffer.from('mac-bytes'));
    const parsed = parseUnsubscribeToken(token);
    expect(parsed?.subject).toEqual({ tenantId: 'tenant-1', userId: 'user-1', expiresAt: now.getTime() / 1000 + 60 * 86_400 });
    expect(parsed?.mac.toString()).toBe('mac-bytes');
    expect(unsubscribeExpired(parsed!.subject, new Date(now.getTime() + 59 * 86_400_000))).toBe(false);
    expect(unsubscribeExpired(parsed!.subject, new Date(now.getTime() + 60 * 86_400_000))).toBe(true);
  });

  it('refuses malformed tokens', () => {
    for (const bad of ['', 'abc', 'a.b.c', 'a b.c', `${Buffer.from('v2|t|u|1').toString('base64url')}.bWFj`, `${Buffer.from('v1|t|u|soon').toString('base64url')}.bWFj`, `${Buffer.from('v1||u|1').toString('base64url')}.bWFj`]) {
      expect(parseUnsubscribeToken(bad), bad).toBeUndefined();
    }
  });
});
