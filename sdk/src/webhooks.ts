/**
 * Standard Webhooks signature verification (https://www.standardwebhooks.com) with WebCrypto,
 * so it runs in browsers, Node and edge runtimes alike: the HMAC-SHA256 of
 * `{webhook-id}.{webhook-timestamp}.{body}` under the subscription's `whsec_` secret, compared
 * in constant time with each `v1,` signature of `webhook-signature` (two during a rotation),
 * and a timestamp within the tolerance (replays of old deliveries are refused).
 */

export class WebhookVerificationError extends Error {
  override readonly name = 'WebhookVerificationError';
}

export interface VerifyOptions {
  /** @default 300 (Standard Webhooks' five minutes) */
  readonly toleranceSeconds?: number;
  /** Epoch milliseconds. @default Date.now() */
  readonly now?: number;
}

/** The webhook headers, from a `Headers`, a plain object (Node's `IncomingHttpHeaders`) or a Map. */
export type WebhookHeaders = Headers | Readonly<Record<string, string | readonly string[] | undefined>>;

function header(headers: WebhookHeaders, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const entry = Object.entries(headers as Record<string, string | string[] | undefined>).find(([key]) => key.toLowerCase() === name)?.[1];
  return Array.isArray(entry) ? entry[0] : (entry as string | undefined);
}

function base64ToBytes(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function equalInConstantTime(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** `v1,<base64>` of the HMAC-SHA256 of `{id}.{timestamp}.{body}`. */
export async function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): Promise<string> {
  const keyBytes = base64ToBytes(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret);
  const key = await globalThis.crypto.subtle.importKey('raw', keyBytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = await globalThis.crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${id}.${timestampSeconds}.${body}`));
  return `v1,${bytesToBase64(new Uint8Array(mac))}`;
}

/**
 * Verifies a delivery and returns its parsed JSON payload; throws WebhookVerificationError
 * when a header is missing, the timestamp is outside the tolerance, or no signature matches.
 * Pass the body exactly as received (the raw text, before any JSON parsing).
 */
export async function verifyWebhook<T = unknown>(secret: string, body: string, headers: WebhookHeaders, options: VerifyOptions = {}): Promise<T> {
  const id = header(headers, 'webhook-id');
  const timestamp = header(headers, 'webhook-timestamp');
  const signatures = header(headers, 'webhook-signature');
  if (!id || !timestamp || !signatures) throw new WebhookVerificationError('Missing webhook-id, webhook-timestamp or webhook-signature');
  if (!/^\d+$/.test(timestamp)) throw new WebhookVerificationError('Invalid webhook-timestamp');
  const seconds = Number(timestamp);
  const now = Math.floor((options.now ?? Date.now()) / 1000);
  const tolerance = options.toleranceSeconds ?? 300;
  if (seconds < now - tolerance) throw new WebhookVerificationError('Message timestamp too old');
  if (seconds > now + tolerance) throw new WebhookVerificationError('Message timestamp too new');
  const expected = await signWebhook(secret, id, seconds, body);
  const matched = signatures.split(' ').some((candidate) => candidate.startsWith('v1,') && equalInConstantTime(candidate, expected));
  if (!matched) throw new WebhookVerificationError('No matching signature');
  return JSON.parse(body) as T;
}
