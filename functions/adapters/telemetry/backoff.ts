/** Exponential backoff with full jitter, for retries the SDK does not make for us. */

/** A delay of 0..min(cap, base * 2^attempt) ms. */
export function backoffMs(attempt: number, baseMs = 25, capMs = 2_000): number {
  return Math.random() * Math.min(capMs, baseMs * 2 ** attempt);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
