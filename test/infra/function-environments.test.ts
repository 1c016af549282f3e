/**
 * A stand-in may never be kinder than the cloud: the local stack gives every function the
 * whole stack's environment, Lambda gives each only what its declaration grants. Here each
 * function's handler module is imported with exactly the environment the synthesized stack
 * gives it (deploy-time references as dummies, `bench/lib/deployed-environments.ts`, the
 * same as `bench:cold`), so a module that reads, at import, a variable its function is not
 * given (a table, a pool, a queue it was never granted) fails here instead of at its first
 * cold start in Lambda.
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
import { deployedEnvironments, RUNTIME_ENV } from '../../bench/lib/deployed-environments';

const functions = [...deployedEnvironments().entries()];
const saved = { ...process.env };

function useOnly(env: Record<string, string>): void {
  for (const name of Object.keys(process.env)) delete process.env[name];
  Object.assign(process.env, { PATH: saved.PATH ?? '', HOME: saved.HOME ?? '' }, RUNTIME_ENV, env);
}

afterAll(() => {
  for (const name of Object.keys(process.env)) delete process.env[name];
  Object.assign(process.env, saved);
});

describe('every function starts with only the environment the stack gives it', () => {
  it('reads the real stack (every function of the model)', () => {
    expect(functions.length).toBeGreaterThan(130);
  });

  it.each(functions.map(([entry, env]) => [entry.slice(entry.indexOf('functions/')), env] as const))('%s', async (entry, env) => {
    vi.resetModules();
    useOnly(env);
    const module = (await import(`../../${entry}`)) as { handler?: unknown };
    expect(typeof module.handler).toBe('function');
  });
});
