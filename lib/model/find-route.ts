import type { RouteDecl } from './types';

/**
 * The declaration a handler serves, looked up in its resource's route list (not the
 * whole model, so a function bundles only its own resource's schemas). Throws on a
 * typo so a wiring mistake fails at cold start, not at the first request.
 */
export function findRoute(routes: readonly RouteDecl[], operationId: string): RouteDecl {
  const route = routes.find((r) => r.operationId === operationId);
  if (!route) throw new Error(`No route ${operationId} in the app model`);
  return route;
}
