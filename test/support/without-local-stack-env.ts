/**
 * Setup file of the unit and infra projects. The integration project's global setup starts
 * the local stack in vitest's main process and sets its endpoints and settings there; forks
 * inherit that environment. Tests that describe the cloud defaults must not see it, so the
 * variables the stack set are removed here, before any test module loads.
 */
import { LOCAL_STACK_ENV_NAMES } from '#lib/local/runtime/stack-env-names';

for (const name of process.env[LOCAL_STACK_ENV_NAMES]?.split(',') ?? []) delete process.env[name];
delete process.env[LOCAL_STACK_ENV_NAMES];
