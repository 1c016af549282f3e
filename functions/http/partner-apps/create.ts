import { ulid } from 'ulid';
import * as z from 'zod';
import { createPartnerAppClient, deleteAppClient } from '#adapters/cognito/app-clients';
import { createAppClientRecord } from '#adapters/dynamodb/app-clients-repository';
import { appClientView, callbackUrlProblem, resourceServerScopes, type AppClientRecord } from '#domain/identity';
import { findRoute } from '#lib/model/find-route';
import { partnerAppsRoutes } from '#lib/model/routes/partner-apps';
import { readEnv } from '#platform/config';
import { ValidationFailed } from '#platform/errors';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller } from '#http-stack/resources';

// http://localhost redirect URIs are for the local stack only.
const { STAGE } = readEnv({ STAGE: z.string().optional() });
const allowHttpLocalhost = STAGE === 'local';

type Body = { name: string; scopes: string[]; callbackUrls: string[]; logoutUrls?: string[] };

/** Checks the redirect URIs, creates the public Cognito app client (code + PKCE), then the record. */
export async function createPartnerApp({ body, principal }: HttpRequest<unknown, unknown, Body>) {
  const { tenantId } = caller(principal);
  const logoutUrls = body.logoutUrls ?? [];
  const problems = [
    ...body.callbackUrls.map((url, i) => ({ path: `callbackUrls.${i}`, message: callbackUrlProblem(url, allowHttpLocalhost) })),
    ...logoutUrls.map((url, i) => ({ path: `logoutUrls.${i}`, message: callbackUrlProblem(url, allowHttpLocalhost) })),
  ].filter((p): p is { path: string; message: string } => p.message !== undefined);
  if (problems.length > 0) throw new ValidationFailed('Redirect URIs must be exact https URLs', problems);

  const { clientId } = await createPartnerAppClient(body.name, resourceServerScopes(body.scopes), body.callbackUrls, logoutUrls);
  const now = new Date().toISOString();
  const record: AppClientRecord = {
    id: ulid(),
    kind: 'partner',
    version: 1,
    createdAt: now,
    updatedAt: now,
    name: body.name,
    clientId,
    scopes: body.scopes,
    callbackUrls: body.callbackUrls,
    logoutUrls,
  };
  try {
    await createAppClientRecord(tenantId, record);
  } catch (error) {
    await deleteAppClient(clientId);
    throw error;
  }
  const view = appClientView(record);
  return { status: 201, headers: { Location: `/v1/partner-apps/${record.id}` }, body: view, audit: { resourceId: record.id, after: view } };
}

export const handler = httpRoute(findRoute(partnerAppsRoutes, 'createPartnerApp'), createPartnerApp);
