/**
 * Domain refusals as typed errors, in one place. The domain answers `{ ok: false, refusal }`
 * in its own words (`TransitionRefusal`, `TimeRefusal`, ...); a use case hands the refusal
 * to the function here for its type, which throws the typed error (`Conflict`,
 * `Forbidden`, `Unprocessable`, `ValidationFailed`, ...) with its stable code. The HTTP
 * stack's error middleware then turns every typed error into problem+json
 * (`functions/http-stack/middleware/problem-errors.ts`), so a refusal's status, code
 * and wording are written once, whichever route or worker meets it.
 *
 * One section per area; keep each function next to the others of its aggregate.
 */

// ── Work: work orders, requests, schedule, technicians, time entries, maintenance, documents ──

// ── People: users, clients, sign-in, settings, API keys, machine clients, partner apps ──

// ── Network: sites, assets, sensors, telemetry, alerts, rules, webhooks, forecasts ──

export {};
