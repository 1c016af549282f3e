import { findRoute } from '#lib/model/find-route';
import { healthRoutes } from '#lib/model/routes/health';
import { platformEnv, readEnv } from '#platform/config';
import { httpRoute } from '#wiring/http-route';

const { HYDRANT_VERSION } = readEnv(platformEnv);

export const getHealth = async () => ({
  status: 200,
  body: { status: 'ok' as const, version: HYDRANT_VERSION, time: new Date().toISOString() },
  headers: { 'Cache-Control': 'no-cache' },
});

export const handler = httpRoute(findRoute(healthRoutes, 'getHealth'), getHealth);
