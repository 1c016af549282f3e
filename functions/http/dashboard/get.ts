import { getDashboard as getDashboardUseCase } from '#application/dashboard/get-dashboard';
import { findRoute } from '#lib/model/find-route';
import { dashboardRoutes } from '#lib/model/routes/dashboard';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller } from '#http-stack/resources';

/** The KPIs of the operations dashboard; a client user's are confined to its client. */
export async function getDashboard({ principal }: HttpRequest) {
  return { status: 200, body: await getDashboardUseCase(caller(principal)) };
}

export const handler = httpRoute(findRoute(dashboardRoutes, 'getDashboard'), getDashboard);
