/**
 * Usage limits on every route that needs an API key, before the handler runs:
 * the key's policy (disabled, expired, IP allow-list), the usage-plan quota, and the
 * route's own limit from the model (e.g. login per client address). `rateLimitHeaders`
 * then tells the caller where it stands, on every answer, and gives a 304 back.
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { USAGE_PLANS } from '#lib/model/usage-plans';
import type { RouteDecl, UsagePlanDecl } from '#lib/model/types';
import { hourOf } from '#domain/api-anomalies';
import { logger } from '#platform/observability';
import { Forbidden, TooManyRequests } from '#platform/errors';
import type { CounterStore, HttpStackPorts, KeyPolicy } from '../ports';
import { fixedWindow, ipAllowed, quotaWindow, rateLimitHeaders as headersFor } from '../quotas';
import { rawBodyField } from '../request-body';
import { stateOf, type CountedWindow } from '../request-state';
import { checkFailedSignIns, type AccountResolver } from './failed-sign-ins';

/** Options of {@link usageLimits}. */
export interface UsageLimitOptions {
  readonly now?: () => number;
  /** Resolves the account a login-like route's body names; required when the route's limit declares `account`. */
  readonly accountOf?: AccountResolver;
}

type Mw = MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult>;

async function checkPolicy(policy: KeyPolicy, sourceIp: string | undefined, now: number): Promise<void> {
  if (policy.status !== 'active') throw new Forbidden('This API key is disabled', 'API_KEY_DISABLED');
  const ends = [policy.expiresAt, policy.graceUntil].filter((d): d is string => typeof d === 'string').map(Date.parse);
  if (ends.some((end) => end <= now)) throw new Forbidden('This API key has expired', 'API_KEY_EXPIRED');
  if (!(await ipAllowed(sourceIp, policy.ipAllowList ?? []))) throw new Forbidden('This API key may not be used from this address', 'IP_NOT_ALLOWED');
}

const planOf = (policy: KeyPolicy | undefined): UsagePlanDecl => USAGE_PLANS.find((p) => p.id === policy?.planId) ?? (USAGE_PLANS[0] as UsagePlanDecl);

async function count(counters: CounterStore, window: Omit<CountedWindow, 'used'>, now: number, code: string, what: string): Promise<CountedWindow> {
  const counted = await counters.count(window.counter, window.windowStart, window.windowEnd, window.limit);
  const result = { ...window, used: counted.used };
  if (!counted.allowed) throw new TooManyRequests(`${what} is used up; retry later`, Math.max(1, (window.windowEnd - now) / 1000), code);
  return result;
}

function bodyValue(event: APIGatewayProxyEvent, route: RouteDecl, field: string): string {
  return rawBodyField(event, route, field)?.trim().toLowerCase().slice(0, 256) ?? '-';
}

/** Who a route limit counts: the client address, the caller or the key, and optionally a body field. */
function subjectOf(route: RouteDecl, event: APIGatewayProxyEvent): string {
  const limit = route.rateLimit;
  const per = limit?.per;
  const subject =
    per === 'principal'
      ? String(event.requestContext?.authorizer?.claims?.sub ?? 'anonymous')
      : per === 'apiKey'
        ? (event.requestContext?.identity?.apiKeyId ?? 'no-key')
        : (event.requestContext?.identity?.sourceIp ?? 'unknown');
  return limit?.bodyField ? `${subject}#${bodyValue(event, route, limit.bodyField)}` : subject;
}

/** The ports the usage limits read and count with. */
export type UsageStores = Pick<HttpStackPorts, 'counters' | 'keyPolicies' | 'keyStats' | 'knownAddresses'>;

export function usageLimits(route: RouteDecl, stores: UsageStores, options: UsageLimitOptions = {}): Mw {
  const now = options.now ?? Date.now;
  const { accountOf } = options;
  const accountCap = route.rateLimit?.account;
  // Fail at cold start, not on the first sign-in: the lock would silently count per spelling.
  if (accountCap && (!accountOf || !route.rateLimit?.bodyField)) {
    throw new Error(`${route.operationId} counts failed sign-ins per account: give its handler an account resolver (httpRoute's accountOf) and the limit a bodyField`);
  }
  return {
    before: async (request) => {
      const event = request.event;
      const state = stateOf(event);
      const at = now();
      const keyId = event.requestContext?.identity?.apiKeyId;
      if (route.apiKey && keyId) {
        const policy = await stores.keyPolicies.find(keyId, at);
        if (policy) await checkPolicy(policy, event.requestContext?.identity?.sourceIp ?? undefined, at);
        const plan = planOf(policy);
        const { start, end } = quotaWindow(plan.quota.period, at);
        const window = { policy: 'quota', counter: `quota#${keyId}`, limit: plan.quota.limit, windowSeconds: (end - start) / 1000, windowStart: start, windowEnd: end };
        // Kept before counting so a refused request still reports its window in the headers.
        state.windows.push({ ...window, used: plan.quota.limit });
        // The hourly statistics (for anomaly detection) are written alongside the quota count: one round trip.
        const stats = stores.keyStats.recordCall(keyId, hourOf(at), event.requestContext?.identity?.userAgent ?? undefined, Math.floor(at / 1000)).catch((error: unknown) =>
          logger.warn('Key statistics not recorded', { error: error as Error }),
        );
        const [counted] = await Promise.all([count(stores.counters, window, at, 'QUOTA_EXCEEDED', `The ${plan.name} plan's quota`), stats]);
        state.windows[state.windows.length - 1] = counted;
      }
      if (route.rateLimit) {
        const { limit, windowSeconds, counts, bodyField } = route.rateLimit;
        if (accountCap && accountOf && bodyField) {
          await checkFailedSignIns(route.operationId, { ...route.rateLimit, account: accountCap }, bodyValue(event, route, bodyField), event, state, accountOf, stores, at);
          return;
        }
        const { start, end } = fixedWindow(windowSeconds, at);
        const window = { policy: route.operationId, counter: `route#${route.operationId}#${subjectOf(route, event)}`, limit, windowSeconds, windowStart: start, windowEnd: end };
        if (counts === 'failures') {
          // Only refused calls count (after the answer); a full window locks the route for this subject.
          const used = await stores.counters.read(window.counter, start);
          state.windows.push({ ...window, used, failuresOnly: true });
          if (used >= limit) throw new TooManyRequests(`Too many failed attempts; retry later`, Math.max(1, (end - at) / 1000), 'RATE_LIMITED');
        } else {
          state.windows.push({ ...window, used: limit });
          state.windows[state.windows.length - 1] = await count(stores.counters, window, at, 'RATE_LIMITED', `The limit of ${route.operationId}`);
        }
      }
    },
  };
}

/** Whether an answer holds tokens (a login answered with a challenge has not signed in yet). */
function issuedTokens(response: APIGatewayProxyResult): boolean {
  try {
    return typeof (JSON.parse(response.body) as { access_token?: unknown }).access_token === 'string';
  } catch {
    return false;
  }
}

/**
 * After the answer: gives a 304 back to the quota, counts failed attempts, records
 * the call in the key's hourly statistics (for anomaly detection) and adds the
 * RateLimit headers.
 */
export function rateLimitHeaders(stores: UsageStores, now: () => number = Date.now): Mw {
  const apply = async (request: { event: APIGatewayProxyEvent; response: APIGatewayProxyResult | null | undefined }) => {
    const state = stateOf(request.event);
    if (!request.response || state.windows.length === 0) return;
    const keyId = request.event.requestContext?.identity?.apiKeyId;
    const status = request.response.statusCode;
    const at = now();
    const stats =
      keyId && status >= 400 && status < 500
        ? stores.keyStats.recordClientError(keyId, hourOf(at), status === 404 ? request.event.path : undefined, Math.floor(at / 1000)).catch((error: unknown) =>
            logger.warn('Key statistics not recorded', { error: error as Error }),
          )
        : Promise.resolve();
    const quota = state.windows.find((w) => w.policy === 'quota');
    if (quota && request.response.statusCode === 304) {
      await stores.counters.uncount(quota.counter, quota.windowStart);
      quota.used -= 1;
    }
    for (const w of state.windows) {
      if (w.failuresOnly && request.response.statusCode === 401) w.used = (await stores.counters.count(w.counter, w.windowStart, w.windowEnd, Number.MAX_SAFE_INTEGER)).used;
    }
    // Tokens for the account from this address: the per-account cap no longer applies to it.
    if (state.signIn?.account.startsWith('account#') && status === 200 && issuedTokens(request.response)) {
      await stores.knownAddresses.remember(state.signIn.account, state.signIn.address, state.signIn.rememberDays, at);
    }
    await stats;
    request.response = { ...request.response, headers: { ...request.response.headers, ...headersFor(state.windows, at) } };
  };
  return { after: apply, onError: apply };
}
