/**
 * The local API Gateway control plane: an HTTP server that speaks the API Gateway
 * management REST API (the `restJson1` protocol of `@aws-sdk/client-api-gateway`;
 * point the client's `endpoint` here, or set `AWS_ENDPOINT_URL_API_GATEWAY`) for the
 * calls Hydrant makes about API keys and usage plans. It is backed by the same
 * `UsagePlans` the local gateway enforces, so a key created here works on the local
 * gateway at once, and a disabled or deleted one is refused there with 403.
 *
 * Operations:
 * - `POST /apikeys` CreateApiKey, `GET|PATCH|DELETE /apikeys/{apiKey}` Get/Update/DeleteApiKey
 * - `POST|GET /usageplans/{usagePlanId}/keys` Create/GetUsagePlanKey(s),
 *   `DELETE /usageplans/{usagePlanId}/keys/{keyId}` DeleteUsagePlanKey
 * - `GET /usageplans/{usagePlanId}/usage` GetUsage, from the per-day counts of the gateway
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { readJsonObject, startJsonControlPlane, type JsonReply } from '../json-control-plane';
import type { ApiKeyRecord, UsagePlans } from './usage-plans';

/** An API Gateway service error, serialised as the SDK expects: status, `x-amzn-errortype`, `{message}`. */
export class ApiGatewayError extends Error {
  constructor(
    readonly type: 'BadRequestException' | 'NotFoundException' | 'ConflictException' | 'UnauthorizedException',
    message: string,
  ) {
    super(message);
  }

  get status(): number {
    return { BadRequestException: 400, UnauthorizedException: 401, NotFoundException: 404, ConflictException: 409 }[this.type];
  }
}

const badRequest = (message: string) => new ApiGatewayError('BadRequestException', message);
const notFound = (message: string) => new ApiGatewayError('NotFoundException', message);
const conflict = (message: string) => new ApiGatewayError('ConflictException', message);

export interface ApiGatewayControlPlaneOptions {
  readonly usagePlans: UsagePlans;
  /** Port on 127.0.0.1. @default 0 (a free port) */
  readonly port?: number;
}

export interface ApiGatewayControlPlane {
  /** `http://127.0.0.1:{port}`: the `endpoint` of the SDK client. */
  readonly endpoint: string;
  stop(): Promise<void>;
}

type Reply = JsonReply;

const MAX_BODY_BYTES = 1_048_576;
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A random string from the alphabet, without modulo bias. */
function randomText(length: number, alphabet: string): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < Math.floor(256 / alphabet.length) * alphabet.length && out.length < length) out += alphabet[byte % alphabet.length];
    }
  }
  return out;
}

/** API Gateway key ids are 10 lower-case alphanumerics. */
const newKeyId = () => randomText(10, 'abcdefghijklmnopqrstuvwxyz0123456789');

const seconds = (ms: number | undefined) => (ms === undefined ? undefined : ms / 1000);

function apiKeyShape(key: ApiKeyRecord, includeValue: boolean): Record<string, unknown> {
  return {
    id: key.id,
    ...(includeValue ? { value: key.value } : {}),
    name: key.name,
    enabled: key.enabled,
    createdDate: seconds(key.createdAt),
    lastUpdatedDate: seconds(key.updatedAt),
    stageKeys: [],
    tags: {},
  };
}

const usagePlanKeyShape = (key: ApiKeyRecord) => ({ id: key.id, type: 'API_KEY', name: key.name });

const readJson = (request: IncomingMessage) => readJsonObject(request, MAX_BODY_BYTES, badRequest);

const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function parseDay(value: string | null, name: string): number {
  if (!value || !DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) throw badRequest(`Invalid ${name}: expected yyyy-MM-dd`);
  return Date.parse(`${value}T00:00:00Z`);
}

export class ControlPlane {
  constructor(private readonly plans: UsagePlans) {}

  private requireKey(id: string): ApiKeyRecord {
    const key = this.plans.key(id);
    if (!key) throw notFound('Invalid API Key identifier specified');
    return key;
  }

  private requirePlan(id: string): void {
    if (!this.plans.plan(id)) throw notFound('Invalid Usage Plan ID specified');
  }

  createApiKey(body: Record<string, unknown>): Reply {
    const { name, value, enabled } = body;
    if (name !== undefined && typeof name !== 'string') throw badRequest('name must be a string');
    if (enabled !== undefined && typeof enabled !== 'boolean') throw badRequest('enabled must be a boolean');
    if (value !== undefined && (typeof value !== 'string' || value.length < 20 || value.length > 128 || !/^[\x21-\x7e]+$/.test(value))) {
      throw badRequest('API Key value should be at least 20 characters long and at most 128 printable ASCII characters');
    }
    const keyValue = value ?? randomText(40, ALPHANUMERIC);
    if (this.plans.keyByValue(keyValue)) throw conflict('API Key already exists');
    const key: ApiKeyRecord = { id: newKeyId(), value: keyValue, name: name ?? '', planId: undefined, enabled: enabled ?? false };
    this.plans.addKey(key);
    return { status: 201, body: apiKeyShape(key, true) };
  }

  getApiKey(id: string, includeValue: boolean): Reply {
    return { status: 200, body: apiKeyShape(this.requireKey(id), includeValue) };
  }

  updateApiKey(id: string, body: Record<string, unknown>): Reply {
    this.requireKey(id);
    const operations = body.patchOperations ?? [];
    if (!Array.isArray(operations)) throw badRequest('patchOperations must be a list');
    const changes: (() => void)[] = [];
    for (const op of operations as { op?: unknown; path?: unknown; value?: unknown }[]) {
      if (op?.op !== 'replace') throw badRequest(`Invalid patch operation specified. Must be 'replace' for path ${String(op?.path)}`);
      if (op.path === '/enabled') {
        if (op.value !== 'true' && op.value !== 'false') throw badRequest(`Invalid value for /enabled: ${String(op.value)}`);
        const enabled = op.value === 'true';
        changes.push(() => this.plans.setEnabled(id, enabled));
      } else if (op.path === '/name') {
        if (typeof op.value !== 'string' || !op.value) throw badRequest('Invalid value for /name');
        const name = op.value;
        changes.push(() => this.plans.rename(id, name));
      } else if (op.path === '/description' || op.path === '/customerId') {
        // Accepted and not kept: nothing local depends on them.
      } else {
        throw badRequest(`Invalid patch path ${String(op.path)}`);
      }
    }
    // All or nothing, as API Gateway validates the whole patch before applying it.
    changes.forEach((apply) => apply());
    return this.getApiKey(id, false);
  }

  deleteApiKey(id: string): Reply {
    if (!this.plans.removeKey(id)) throw notFound('Invalid API Key identifier specified');
    return { status: 202 };
  }

  createUsagePlanKey(planId: string, body: Record<string, unknown>): Reply {
    this.requirePlan(planId);
    if (body.keyType !== 'API_KEY') throw badRequest('Invalid key type: keyType must be API_KEY');
    if (typeof body.keyId !== 'string') throw badRequest('keyId is required');
    const key = this.requireKey(body.keyId);
    if (key.planId === planId) throw conflict('Usage Plan Key already exists');
    // All local plans serve the same API stage, and a key may reference only one plan per stage.
    if (key.planId !== undefined) throw conflict(`API Key ${key.id} cannot reference multiple Usage Plans with the same API Stage`);
    this.plans.attach(key.id, planId);
    return { status: 201, body: usagePlanKeyShape(key) };
  }

  deleteUsagePlanKey(planId: string, keyId: string): Reply {
    this.requirePlan(planId);
    const key = this.plans.key(keyId);
    if (!key || key.planId !== planId) throw notFound('Invalid Usage Plan Key identifier specified');
    this.plans.detach(keyId);
    return { status: 202 };
  }

  getUsagePlanKeys(planId: string, query: URLSearchParams): Reply {
    this.requirePlan(planId);
    const nameQuery = query.get('nameQuery');
    const limit = Math.min(500, Math.max(1, Number(query.get('limit') ?? 25) || 25));
    const start = Number(query.get('position') ?? 0) || 0;
    const keys = this.plans.keysOfPlan(planId).filter((k) => !nameQuery || k.name.startsWith(nameQuery));
    const page = keys.slice(start, start + limit);
    const next = start + limit < keys.length ? String(start + limit) : undefined;
    return { status: 200, body: { item: page.map(usagePlanKeyShape), ...(next ? { position: next } : {}) } };
  }

  /**
   * Daily usage per key as API Gateway answers it: `values` maps a key id to one
   * `[used, remaining]` pair per day from startDate to endDate.
   */
  getUsage(planId: string, query: URLSearchParams): Reply {
    this.requirePlan(planId);
    const plan = this.plans.plan(planId)!;
    const startDate = query.get('startDate');
    const endDate = query.get('endDate');
    const start = parseDay(startDate, 'startDate');
    const end = parseDay(endDate, 'endDate');
    if (end < start) throw badRequest('The endDate must not be before the startDate');
    if ((end - start) / DAY_MS > 90) throw badRequest('The usage data can be requested for at most 90 days');
    const keyId = query.get('keyId');
    const keys = keyId ? [this.requireKey(keyId)] : this.plans.keysOfPlan(planId);
    const values: Record<string, [number, number][]> = {};
    for (const key of keys) {
      const days: [number, number][] = [];
      let usedInPeriod = 0;
      let period = '';
      for (let day = start; day <= end; day += DAY_MS) {
        const iso = new Date(day).toISOString().slice(0, 10);
        const used = this.plans.usageOn(key.id, iso);
        const quota = plan.quota;
        const thisPeriod = quota?.period === 'MONTH' ? iso.slice(0, 7) : iso;
        if (thisPeriod !== period) {
          period = thisPeriod;
          usedInPeriod = 0;
          if (quota?.period === 'MONTH') {
            // Days of the month before the requested range count against the month too.
            for (let d = Date.parse(`${iso.slice(0, 7)}-01T00:00:00Z`); d < day; d += DAY_MS) usedInPeriod += this.plans.usageOn(key.id, new Date(d).toISOString().slice(0, 10));
          }
        }
        usedInPeriod += used;
        days.push([used, quota ? Math.max(0, quota.limit - usedInPeriod) : 0]);
      }
      values[key.id] = days;
    }
    return { status: 200, body: { usagePlanId: planId, startDate, endDate, values } };
  }

  async handle(method: string, url: URL, request: IncomingMessage): Promise<Reply> {
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const [collection, id, sub, subId] = parts;
    if (collection === 'apikeys') {
      if (parts.length === 1 && method === 'POST') return this.createApiKey(await readJson(request));
      if (parts.length === 2 && id) {
        if (method === 'GET') return this.getApiKey(id, url.searchParams.get('includeValue') === 'true');
        if (method === 'PATCH') return this.updateApiKey(id, await readJson(request));
        if (method === 'DELETE') return this.deleteApiKey(id);
      }
    }
    if (collection === 'usageplans' && id) {
      if (sub === 'keys' && parts.length === 3 && method === 'POST') return this.createUsagePlanKey(id, await readJson(request));
      if (sub === 'keys' && parts.length === 3 && method === 'GET') return this.getUsagePlanKeys(id, url.searchParams);
      if (sub === 'keys' && parts.length === 4 && subId && method === 'DELETE') return this.deleteUsagePlanKey(id, subId);
      if (sub === 'usage' && parts.length === 3 && method === 'GET') return this.getUsage(id, url.searchParams);
    }
    throw notFound(`No local API Gateway operation for ${method} ${url.pathname}`);
  }
}

/** Starts the control plane on 127.0.0.1, serving the given usage plans and keys. */
export async function startApiGatewayControlPlane(options: ApiGatewayControlPlaneOptions): Promise<ApiGatewayControlPlane> {
  const plane = new ControlPlane(options.usagePlans);
  return startJsonControlPlane({
    name: 'apigateway',
    port: options.port ?? 0,
    handle: (method, url, request) => plane.handle(method, url, request),
    failureOf: (error) => (error instanceof ApiGatewayError ? { status: error.status, type: error.type, body: { message: error.message } } : undefined),
    internalError: { type: 'ServiceUnavailableException', message: 'Internal server error' },
  });
}
