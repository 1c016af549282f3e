/**
 * Starts one local stack (real emulators) for every integration and e2e test file,
 * and hands its URLs and environment to them through vitest's `provide`.
 */
import { decodeJwt } from 'jose';
import type { TestProject } from 'vitest/node';
import { DEMO_API_KEY, DEMO_PASSWORD } from '#lib/local/bootstrap/demo-data';
import { startLocalStack } from '#lib/local/runtime/stack';
import { freePort } from '#lib/console/serve';

declare module 'vitest' {
  export interface ProvidedContext {
    apiUrl: string;
    stackEnv: Record<string, string>;
    /** A manager's access token, correctly signed, that expired an hour ago. */
    expiredToken: string;
    /** A free port for the console's dev server, whose origin the stack allows by CORS (browser tests). */
    consolePort: number;
  }
}

export default async function setup(project: TestProject) {
  const consolePort = await freePort();
  process.env.HYDRANT_CORS_ORIGINS = [process.env.HYDRANT_CORS_ORIGINS ?? 'http://localhost:5173', `http://localhost:${consolePort}`].join(',');
  const stack = await startLocalStack({ port: 0 });
  const login = await fetch(`${stack.apiUrl}/v1/auth/login`, {
    method: 'POST',
    headers: { 'x-api-key': DEMO_API_KEY, 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'manager@hydrant.local', password: DEMO_PASSWORD }),
  });
  const { access_token } = (await login.json()) as { access_token: string };
  const claims = decodeJwt(access_token);
  const hourAgo = Math.floor(Date.now() / 1000) - 3600;
  project.provide('apiUrl', stack.apiUrl);
  project.provide('consolePort', consolePort);
  project.provide('stackEnv', { ...stack.env });
  project.provide('expiredToken', await stack.cognito.signToken({ ...claims, iat: hourAgo - 3600, auth_time: hourAgo - 3600, exp: hourAgo }));
  return async () => stack.stop();
}
