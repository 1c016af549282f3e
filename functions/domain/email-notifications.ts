/**
 * Notifications by e-mail: each user's preferences, what an event a notification takes in
 * becomes (an e-mail now, a line of tomorrow's digest, or nothing), the messages in French
 * and English (HTML and text, every value escaped in the HTML), the daily digest's
 * grouping, and the unsubscribe token's shape and expiry (its MAC is the adapter's).
 *
 * Visibility: e-mails go only to the recipients of a notification (`planNotification`
 * chose them, as for the in-app notification), so no one is e-mailed about an event they
 * may not see; an inactive user is e-mailed nothing.
 *
 * Pure: no AWS SDK, no I/O.
 */
import { NOTIFIED_EVENT_TYPES, type NotifiedEventType } from '#lib/model/schemas/notification-preferences';

export type Locale = 'en' | 'fr';
export type EmailMode = 'off' | 'immediate' | 'digest';

export interface NotificationPreferences {
  readonly locale: Locale;
  readonly email: EmailMode;
  readonly eventTypes: readonly NotifiedEventType[];
  /** Null: never set (the defaults). */
  readonly updatedAt: string | null;
  readonly version: number;
}

/** Until a user chooses: English, no e-mail (in-app notifications only), every type once e-mails are on. */
export const DEFAULT_PREFERENCES: NotificationPreferences = { locale: 'en', email: 'off', eventTypes: [...NOTIFIED_EVENT_TYPES], updatedAt: null, version: 0 };

/** What an event a user's notification took in becomes for their mailbox. */
export function emailDecision(prefs: NotificationPreferences, eventType: string): 'none' | 'immediate' | 'digest' {
  if (prefs.email === 'off') return 'none';
  if (!(prefs.eventTypes as readonly string[]).includes(eventType)) return 'none';
  return prefs.email;
}

/** Preferences as saved from a request at `now`. */
export function updatedPreferences(current: NotificationPreferences, next: Pick<NotificationPreferences, 'locale' | 'email' | 'eventTypes'>, now: string): NotificationPreferences {
  return { locale: next.locale, email: next.email, eventTypes: [...new Set(next.eventTypes)], updatedAt: now, version: current.version + 1 };
}

/** Preferences after the unsubscribe link: e-mails off, the rest kept. Already off: unchanged (the link is idempotent). */
export function unsubscribedPreferences(current: NotificationPreferences, now: string): NotificationPreferences | undefined {
  if (current.email === 'off') return undefined;
  return { ...current, email: 'off', updatedAt: now, version: current.version + 1 };
}

// ---------------------------------------------------------------------------------------
// Messages

/** What a message says about one notification event. */
export interface EmailedNotification {
  readonly type: string;
  readonly title: string;
  readonly body: string;
  readonly resource: { readonly type: string; readonly id: string };
  /** Events in the notification's group so far. */
  readonly count: number;
  readonly at: string;
}

export interface RenderedEmail {
  readonly subject: string;
  readonly html: string;
  readonly text: string;
}

const LABELS: Record<Locale, Record<NotifiedEventType, string>> = {
  en: {
    'work_order.assigned': 'Work order assigned to you',
    'work_order.status_changed': 'Work order status changed',
    'work_order.escalated': 'Work order escalated',
    'alert.raised': 'Alert raised',
    'request.created': 'New service request',
    'webhook.delivery_failed': 'Webhook delivery failed',
    'api_key.rotation_due': 'API key rotation due',
    'api_key.rotated': 'API key rotated',
    'api.anomaly_detected': 'Unusual API usage',
  },
  fr: {
    'work_order.assigned': 'Ordre de travail qui vous est attribué',
    'work_order.status_changed': "Changement d'état d'un ordre de travail",
    'work_order.escalated': 'Ordre de travail escaladé',
    'alert.raised': 'Alerte déclenchée',
    'request.created': "Nouvelle demande d'intervention",
    'webhook.delivery_failed': "Échec de livraison d'un webhook",
    'api_key.rotation_due': "Rotation d'une clé d'API à venir",
    'api_key.rotated': "Clé d'API renouvelée",
    'api.anomaly_detected': "Usage inhabituel de l'API",
  },
};

const TEXTS = {
  en: {
    repeated: (n: number) => `${n} occurrences so far`,
    digestSubject: (n: number, day: string) => `[Hydrant] Your digest of ${day}: ${n} notification${n === 1 ? '' : 's'}`,
    digestIntro: (day: string) => `What you were notified of until ${day}:`,
    footer: 'You receive this e-mail because of your Hydrant notification preferences.',
    unsubscribe: 'Unsubscribe from these e-mails',
    htmlLang: 'en',
  },
  fr: {
    repeated: (n: number) => `${n} occurrences à ce jour`,
    digestSubject: (n: number, day: string) => `[Hydrant] Votre résumé du ${day} : ${n} notification${n === 1 ? '' : 's'}`,
    digestIntro: (day: string) => `Ce dont vous avez été notifié jusqu'au ${day} :`,
    footer: 'Vous recevez cet e-mail selon vos préférences de notification Hydrant.',
    unsubscribe: 'Se désabonner de ces e-mails',
    htmlLang: 'fr',
  },
} as const;

/** The label of a notification type in a language (the type itself when unknown). */
export const labelOf = (type: string, locale: Locale): string => LABELS[locale][type as NotifiedEventType] ?? type;

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A text line never carries a line break of its own (no header or layout injection through a title). */
const oneLine = (text: string): string => text.replace(/[\r\n\u2028\u2029]+/g, ' ').trim();

function htmlPage(locale: Locale, title: string, content: string, unsubscribeUrl: string): string {
  const t = TEXTS[locale];
  return [
    '<!doctype html>',
    `<html lang="${t.htmlLang}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>`,
    '<body style="font-family:Arial,sans-serif;color:#1a1a1a;max-width:640px;margin:auto">',
    content,
    `<hr><p style="font-size:12px;color:#555">${escapeHtml(t.footer)} <a href="${escapeHtml(unsubscribeUrl)}">${escapeHtml(t.unsubscribe)}</a></p>`,
    '</body></html>',
  ].join('\n');
}

/** The e-mail of one notification event, in the user's language. */
export function renderNotificationEmail(locale: Locale, n: EmailedNotification, unsubscribeUrl: string): RenderedEmail {
  const t = TEXTS[locale];
  const label = labelOf(n.type, locale);
  const subject = oneLine(`[Hydrant] ${label}: ${n.title}`);
  const repeated = n.count > 1 ? t.repeated(n.count) : undefined;
  const html = htmlPage(
    locale,
    subject,
    [
      `<h1 style="font-size:18px">${escapeHtml(label)}</h1>`,
      `<p><strong>${escapeHtml(n.title)}</strong></p>`,
      `<p>${escapeHtml(n.body)}</p>`,
      repeated ? `<p>${escapeHtml(repeated)}</p>` : '',
      `<p style="color:#555">${escapeHtml(n.resource.type)} ${escapeHtml(n.resource.id)} · ${escapeHtml(n.at)}</p>`,
    ].join('\n'),
    unsubscribeUrl,
  );
  const text = [label, '', oneLine(n.title), oneLine(n.body), ...(repeated ? [repeated] : []), `${n.resource.type} ${n.resource.id} · ${n.at}`, '', '--', t.footer, `${t.unsubscribe}: ${unsubscribeUrl}`].join('\n');
  return { subject, html, text };
}

/** One line of a digest: a notification and the events it took in since the last digest. */
export interface DigestLine {
  readonly notificationId: string;
  readonly type: string;
  readonly title: string;
  readonly body: string;
  readonly events: number;
  readonly lastAt: string;
}

/** The daily digest of one user, in their language. */
export function renderDigestEmail(locale: Locale, lines: readonly DigestLine[], day: string, unsubscribeUrl: string): RenderedEmail {
  const t = TEXTS[locale];
  const subject = t.digestSubject(lines.length, day);
  const items = lines.map(
    (l) => `<li><strong>${escapeHtml(labelOf(l.type, locale))}</strong>: ${escapeHtml(l.title)}${l.events > 1 ? ` (${escapeHtml(t.repeated(l.events))})` : ''}<br><span style="color:#555">${escapeHtml(l.body)}</span></li>`,
  );
  const html = htmlPage(locale, subject, [`<h1 style="font-size:18px">${escapeHtml(t.digestIntro(day))}</h1>`, `<ul>${items.join('\n')}</ul>`].join('\n'), unsubscribeUrl);
  const text = [
    t.digestIntro(day),
    '',
    ...lines.map((l) => `- ${labelOf(l.type, locale)}: ${oneLine(l.title)}${l.events > 1 ? ` (${t.repeated(l.events)})` : ''}`),
    '',
    '--',
    t.footer,
    `${t.unsubscribe}: ${unsubscribeUrl}`,
  ].join('\n');
  return { subject, html, text };
}

// ---------------------------------------------------------------------------------------
// The daily digest

/** An event kept for a user's next digest. */
export interface DigestEntry {
  readonly tenantId: string;
  readonly userId: string;
  readonly eventId: string;
  readonly notificationId: string;
  readonly type: string;
  readonly title: string;
  readonly body: string;
  readonly at: string;
}

/** One user's digest: their lines, one per notification, latest first, and the entries it settles. */
export interface Digest {
  readonly tenantId: string;
  readonly userId: string;
  readonly lines: readonly DigestLine[];
  readonly entries: readonly DigestEntry[];
}

/**
 * Groups the pending entries into one digest per user (tenant and user), and within it one
 * line per notification (the latest title and body, the number of events), latest first.
 */
export function groupDigests(entries: readonly DigestEntry[]): Digest[] {
  const byUser = new Map<string, DigestEntry[]>();
  for (const e of entries) {
    const key = `${e.tenantId}\u0000${e.userId}`;
    byUser.set(key, [...(byUser.get(key) ?? []), e]);
  }
  return [...byUser.values()].map((own) => {
    const byNotification = new Map<string, DigestEntry[]>();
    for (const e of own) byNotification.set(e.notificationId, [...(byNotification.get(e.notificationId) ?? []), e]);
    const lines = [...byNotification.values()]
      .map((group): DigestLine => {
        const latest = group.reduce((a, b) => (b.at > a.at ? b : a));
        return { notificationId: latest.notificationId, type: latest.type, title: latest.title, body: latest.body, events: new Set(group.map((g) => g.eventId)).size, lastAt: latest.at };
      })
      .sort((a, b) => b.lastAt.localeCompare(a.lastAt));
    const first = own[0] as DigestEntry;
    return { tenantId: first.tenantId, userId: first.userId, lines, entries: own };
  });
}

// ---------------------------------------------------------------------------------------
// Unsubscribe tokens: `<payload>.<mac>`, both base64url; the payload is `v1|tenant|user|expiry`.

/** How long an unsubscribe link works (an e-mail read weeks later still unsubscribes). */
export const UNSUBSCRIBE_TOKEN_DAYS = 60;

export interface UnsubscribeSubject {
  readonly tenantId: string;
  readonly userId: string;
  /** Epoch seconds. */
  readonly expiresAt: number;
}

/** The payload to sign for a user at `now`. */
export function unsubscribePayload(tenantId: string, userId: string, now: Date): string {
  const expiresAt = Math.floor(now.getTime() / 1000) + UNSUBSCRIBE_TOKEN_DAYS * 86_400;
  return Buffer.from(['v1', tenantId, userId, String(expiresAt)].join('|'), 'utf8').toString('base64url');
}

/** The token of a payload and its MAC. */
export const unsubscribeToken = (payload: string, mac: Uint8Array): string => `${payload}.${Buffer.from(mac).toString('base64url')}`;

/** The parts of a well-formed token: its payload (to check the MAC of first), MAC, and subject; undefined when malformed. */
export function parseUnsubscribeToken(token: string): { payload: string; mac: Buffer; subject: UnsubscribeSubject } | undefined {
  const parts = token.split('.');
  if (parts.length !== 2 || !/^[\w-]+$/.test(parts[0] as string) || !/^[\w-]+$/.test(parts[1] as string)) return undefined;
  const [payload, mac] = parts as [string, string];
  const fields = Buffer.from(payload, 'base64url').toString('utf8').split('|');
  const [version, tenantId, userId, expiry] = fields;
  if (fields.length !== 4 || version !== 'v1' || !tenantId || !userId || !/^\d{1,12}$/.test(expiry ?? '')) return undefined;
  return { payload, mac: Buffer.from(mac, 'base64url'), subject: { tenantId, userId, expiresAt: Number(expiry) } };
}

/** Whether a token's subject has expired at `now` (asked once its MAC is verified). */
export const unsubscribeExpired = (subject: UnsubscribeSubject, now: Date): boolean => subject.expiresAt <= Math.floor(now.getTime() / 1000);

/** Preferences as the API shows them (without the version). */
export function preferencesView(p: NotificationPreferences): Omit<NotificationPreferences, 'version'> {
  return { locale: p.locale, email: p.email, eventTypes: p.eventTypes, updatedAt: p.updatedAt };
}
