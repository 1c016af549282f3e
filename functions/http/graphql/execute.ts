/**
 * `POST /graphql`: one GraphQL request run by graphql-js (`functions/graphql/execute-graphql.ts`),
 * each field as its REST operation, with the caller's Principal. Introspection only on the
 * local stack (STAGE `local`, set by the stack that deploys the function).
 */
import type { z } from 'zod';
import { graphqlContext } from '#graphql/context';
import { executeGraphql } from '#graphql/execute-graphql';
import { claimList } from '#http-stack/principal';
import type { GraphqlBody } from '#lib/model/schemas/graphql';
import { routeById } from '#lib/model/index';
import { platformEnv, readEnv } from '#platform/config';
import { dynamoDbPorts, httpRoute, type HttpRequest } from '#wiring/http-route';

const introspection = readEnv(platformEnv).STAGE === 'local';

export async function runGraphql({ body, principal, event, sourceIp, apiKeyId, headers }: HttpRequest<unknown, unknown, z.infer<typeof GraphqlBody>>) {
  const tokenScopes = claimList(event.requestContext?.authorizer?.claims?.scope);
  const caller = { principal, tokenScopes, apiKeyId: apiKeyId ?? null, clientAddress: sourceIp ?? null, userAgent: headers['user-agent'] ?? null };
  return { status: 200, body: await executeGraphql(body, graphqlContext(caller, dynamoDbPorts.audit), { introspection }) };
}

export const handler = httpRoute(routeById('graphql'), runGraphql);
