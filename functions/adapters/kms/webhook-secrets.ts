/**
 * Seals and opens webhook signing secrets, so the table never holds one in clear.
 *   cloud  `WEBHOOK_SECRETS_KEY_ID`: KMS Encrypt/Decrypt under the stack's webhook-secrets key,
 *          with the encryption context {tenant, webhookId} (a sealed secret copied to another
 *          webhook or tenant does not open);
 *   local  `WEBHOOK_SECRETS_LOCAL_KEY` (base64, 32 bytes, made by the local stack, which has
 *          no KMS): AES-256-GCM with the same context as additional data.
 * A sealed value names its scheme (`kms:` or `local:`). Opened secrets are kept in memory for
 * 5 minutes, so a delivery worker asks KMS once per secret, not once per delivery.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DecryptCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import * as z from 'zod';
import { readEnv } from '#platform/config';

const env = readEnv({ WEBHOOK_SECRETS_KEY_ID: z.string().min(1).optional(), WEBHOOK_SECRETS_LOCAL_KEY: z.string().min(1).optional() });

const CACHE_MS = 5 * 60_000;
const opened = new Map<string, { secret: string; until: number }>();
let kms: KMSClient | undefined;
const kmsClient = () => (kms ??= new KMSClient({}));

const context = (tenantId: string, webhookId: string) => ({ tenant: tenantId, webhookId });

function localKey(): Buffer {
  const key = Buffer.from(env.WEBHOOK_SECRETS_LOCAL_KEY ?? '', 'base64');
  if (key.length !== 32) throw new Error('WEBHOOK_SECRETS_KEY_ID (cloud) or a 32-byte WEBHOOK_SECRETS_LOCAL_KEY (local) is required');
  return key;
}

export async function sealSecret(tenantId: string, webhookId: string, secret: string): Promise<string> {
  if (env.WEBHOOK_SECRETS_KEY_ID) {
    const out = await kmsClient().send(
      new EncryptCommand({ KeyId: env.WEBHOOK_SECRETS_KEY_ID, Plaintext: Buffer.from(secret, 'utf8'), EncryptionContext: context(tenantId, webhookId) }),
    );
    return `kms:${Buffer.from(out.CiphertextBlob ?? new Uint8Array()).toString('base64')}`;
  }
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', localKey(), iv);
  cipher.setAAD(Buffer.from(JSON.stringify(context(tenantId, webhookId))));
  const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return `local:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
}

export async function openSecret(tenantId: string, webhookId: string, sealed: string, nowMs = Date.now()): Promise<string> {
  const cacheKey = `${tenantId}/${webhookId}/${sealed}`;
  const hit = opened.get(cacheKey);
  if (hit && hit.until > nowMs) return hit.secret;
  const secret = sealed.startsWith('kms:') ? await openWithKms(tenantId, webhookId, sealed.slice(4)) : openLocally(tenantId, webhookId, sealed);
  opened.set(cacheKey, { secret, until: nowMs + CACHE_MS });
  return secret;
}

async function openWithKms(tenantId: string, webhookId: string, blob: string): Promise<string> {
  if (!env.WEBHOOK_SECRETS_KEY_ID) throw new Error('A KMS-sealed secret needs WEBHOOK_SECRETS_KEY_ID');
  const out = await kmsClient().send(
    new DecryptCommand({ KeyId: env.WEBHOOK_SECRETS_KEY_ID, CiphertextBlob: Buffer.from(blob, 'base64'), EncryptionContext: context(tenantId, webhookId) }),
  );
  return Buffer.from(out.Plaintext ?? new Uint8Array()).toString('utf8');
}

function openLocally(tenantId: string, webhookId: string, sealed: string): string {
  if (!sealed.startsWith('local:')) throw new Error('Unknown sealed secret scheme');
  const raw = Buffer.from(sealed.slice('local:'.length), 'base64');
  const decipher = createDecipheriv('aes-256-gcm', localKey(), raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(JSON.stringify(context(tenantId, webhookId))));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}
