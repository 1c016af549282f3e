import { gatewayKeyValue } from '#adapters/apigateway/api-keys';
import { getApiKey, saveApiKey } from '#adapters/dynamodb/api-keys-repository';
import { auditView, keyPrefixOf, withValueClaimed } from '#domain/api-keys';
import { findRoute } from '#lib/model/find-route';
import { apiKeysRoutes } from '#lib/model/routes/api-keys';
import { Conflict } from '#platform/errors';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, checkIfMatch, resourceResult, visibleOr404 } from '#http-stack/resources';

/**
 * Steps: load the key; check If-Match; refuse when no value is pending (409
 * NO_PENDING_VALUE: never made, claimed already, or replaced by a rotation by hand);
 * read the current value back from API Gateway; mark it claimed, conditioned on the
 * version read, so of two concurrent claims only one answers the value (the other, run again
 * on a fresh read, finds nothing pending: 409);
 * answer it once.
 */
export async function claimApiKeyPendingValue({ params, headers, principal }: HttpRequest<{ id: string }>) {
  const { tenantId } = caller(principal);
  const key = visibleOr404(await getApiKey(tenantId, params.id), () => true, 'API key', params.id);
  checkIfMatch(headers['if-match'], key);
  if (!key.pendingValue || key.pendingValue.keyPrefix !== key.keyPrefix) {
    throw new Conflict('No value of this key is waiting to be claimed: it was claimed already, or the key was not rotated automatically since', 'NO_PENDING_VALUE');
  }
  const value = await gatewayKeyValue(key.gatewayKeyId);
  if (keyPrefixOf(value) !== key.keyPrefix) throw new Error('The gateway key does not hold the pending value');
  const claimed = withValueClaimed(key, new Date().toISOString());
  await saveApiKey(tenantId, claimed, key.version, { policiesOf: [] });
  const shownOnce = { ...claimed, value };
  return { ...resourceResult(shownOnce), audit: { resourceId: key.id, before: auditView(key), after: auditView(claimed) } };
}

export const handler = httpRoute(findRoute(apiKeysRoutes, 'claimApiKeyPendingValue'), claimApiKeyPendingValue);
