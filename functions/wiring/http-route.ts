/**
 * Where the HTTP stack meets its adapters: `httpRoute` as every route handler uses it.
 * The stack in `functions/http-stack` imports no adapter; this file gives it the stores
 * it needs (quotas, idempotency records, the audit log).
 */
export { httpRoute } from '#http-stack/http-route';
export type { HttpRequest, HttpResult } from '#http-stack/http-route';
