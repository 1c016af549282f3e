/**
 * The MAC of unsubscribe links, so a link works without signing in and cannot be forged:
 *   cloud  `UNSUBSCRIBE_KEY_ID`: KMS GenerateMac / VerifyMac (HMAC_SHA_256) with the stack's
 *          HMAC key; the secret never leaves KMS;
 *   local  `UNSUBSCRIBE_LOCAL_KEY` (base64, 32 bytes, made by the local stack, which has no
 *          KMS): HMAC-SHA-256 in process, compared in constant time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { GenerateMacCommand, KMSClient, KMSInvalidMacException, VerifyMacCommand } from '@aws-sdk/client-kms';
import * as z from 'zod';
import { readEnv } from '#platform/config';

const env = readEnv({ UNSUBSCRIBE_KEY_ID: z.string().min(1).optional(), UNSUBSCRIBE_LOCAL_KEY: z.string().min(1).optional() });
const ALGORITHM = 'HMAC_SHA_256';
let kms: KMSClient | undefined;
const kmsClient = () => (kms ??= new KMSClient({}));

function localKey(): Buffer {
  const key = Buffer.from(env.UNSUBSCRIBE_LOCAL_KEY ?? '', 'base64');
  if (key.length !== 32) throw new Error('UNSUBSCRIBE_KEY_ID (cloud) or a 32-byte UNSUBSCRIBE_LOCAL_KEY (local) is required');
  return key;
}

/** The MAC of a message. */
export async function macOf(message: string): Promise<Uint8Array> {
  if (env.UNSUBSCRIBE_KEY_ID) {
    const out = await kmsClient().send(new GenerateMacCommand({ KeyId: env.UNSUBSCRIBE_KEY_ID, MacAlgorithm: ALGORITHM, Message: Buffer.from(message, 'utf8') }));
    return out.Mac ?? new Uint8Array();
  }
  return createHmac('sha256', localKey()).update(message, 'utf8').digest();
}

/** Whether `mac` is the MAC of `message`. */
export async function macMatches(message: string, mac: Uint8Array): Promise<boolean> {
  if (env.UNSUBSCRIBE_KEY_ID) {
    try {
      const out = await kmsClient().send(new VerifyMacCommand({ KeyId: env.UNSUBSCRIBE_KEY_ID, MacAlgorithm: ALGORITHM, Message: Buffer.from(message, 'utf8'), Mac: mac }));
      return out.MacValid === true;
    } catch (error) {
      if (error instanceof KMSInvalidMacException) return false;
      throw error;
    }
  }
  const expected = createHmac('sha256', localKey()).update(message, 'utf8').digest();
  return mac.length === expected.length && timingSafeEqual(Buffer.from(mac), expected);
}
