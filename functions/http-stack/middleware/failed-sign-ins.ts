/**
 * The failed-sign-in lock of login-like routes (`rateLimit.account` in the model). The
 * account a request names is resolved first, so its e-mail and its `sub` are one account.
 * Two windows count 401s (after the answer, see `rateLimitHeaders`):
 * - per account and client address: full, it locks that pair;
 * - per account across addresses: full, it locks the account to addresses it has not
 *   signed in from lately, so the owner is never locked out of an address they use.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { AccountFailureCap, RouteRateLimit } from '#lib/model/types';
import { TooManyRequests } from '#platform/errors';
import { logger } from '#platform/observability';
import type { CounterStore, KnownAddresses } from '../ports';
import { fixedWindow } from '../quotas';
import type { CountedWindow, RequestState } from '../request-state';

/** Finds the account a sign-in names: its stable key, or undefined when none has that name. */
export type AccountResolver = (name: string) => Promise<string | undefined>;

const CACHE_MS = 5 * 60_000;
const CACHE_SIZE = 1000;
const resolved = new Map<string, { account: string; until: number }>();

/**
 * The counter key of the account a name designates: `account#<username>` when it exists,
 * else `name#<the name>` (an unknown name is counted alike, so the lock says nothing of
 * whether an account exists). A resolver failure falls back to the name, logged.
 */
async function accountKey(name: string, resolve: AccountResolver, now: number): Promise<string> {
  const cached = resolved.get(name);
  if (cached && cached.until > now) return cached.account;
  try {
    const username = await resolve(name);
    if (!username) return `name#${name}`;
    const account = `account#${username.toLowerCase()}`;
    if (resolved.size >= CACHE_SIZE) resolved.clear();
    resolved.set(name, { account, until: now + CACHE_MS });
    return account;
  } catch (error) {
    logger.warn('Sign-in account not resolved; counting by the name given', { error: error as Error });
    return `name#${name}`;
  }
}

function refused(windowEnd: number, now: number): TooManyRequests {
  return new TooManyRequests('Too many failed attempts; retry later', Math.max(1, (windowEnd - now) / 1000), 'RATE_LIMITED');
}

/**
 * Reads the two windows of the account `name` designates and refuses the request when
 * either is full; records them in `state` so the answer counts a failure, and what the
 * answer needs to remember a successful address.
 */
export async function checkFailedSignIns(
  operationId: string,
  limit: RouteRateLimit & { account: AccountFailureCap },
  name: string,
  event: APIGatewayProxyEvent,
  state: RequestState,
  resolve: AccountResolver,
  stores: { readonly counters: CounterStore; readonly knownAddresses: KnownAddresses },
  now: number,
): Promise<void> {
  const address = event.requestContext?.identity?.sourceIp ?? 'unknown';
  const account = await accountKey(name, resolve, now);
  const pair = fixedWindow(limit.windowSeconds, now);
  const wide = fixedWindow(limit.account.windowSeconds, now);
  const pairCounter = `failures#${account}#${address}`;
  const accountCounter = `failures#${account}`;
  const [pairUsed, accountUsed, known] = await Promise.all([
    stores.counters.read(pairCounter, pair.start),
    stores.counters.read(accountCounter, wide.start),
    account.startsWith('account#') ? stores.knownAddresses.isKnown(account, address, now) : Promise.resolve(false),
  ]);
  const windows: CountedWindow[] = [
    { policy: operationId, counter: pairCounter, limit: limit.limit, windowSeconds: limit.windowSeconds, windowStart: pair.start, windowEnd: pair.end, used: pairUsed, failuresOnly: true },
  ];
  // From an address the account signed in from lately, only the pair's window applies.
  if (!known) {
    windows.push({ policy: `${operationId}-account`, counter: accountCounter, limit: limit.account.limit, windowSeconds: limit.account.windowSeconds, windowStart: wide.start, windowEnd: wide.end, used: accountUsed, failuresOnly: true, unreported: true });
  }
  state.windows.push(...windows);
  state.signIn = { account, address, rememberDays: limit.account.knownAddressDays };
  const full = windows.find((w) => w.used >= w.limit);
  if (full) throw refused(full.windowEnd, now);
}
