/** The endpoint URL rules of this deployment (cloud: https to a public address; locally also http://localhost). */
import { refuseEndpointUrl, refuseStoredEndpointUrl } from '#application/refusals';
import { endpointUrlProblem } from '#domain/webhook-addresses';
import { webhookNetworkMode } from '#platform/config';

const networkMode = webhookNetworkMode();

/** 400 unless the URL a body names (if any) may be an endpoint here. */
export function checkEndpointUrl(url: string | undefined): void {
  if (url === undefined) return;
  const problem = endpointUrlProblem(url, networkMode);
  if (problem) refuseEndpointUrl(problem);
}

/** 409 when a stored endpoint URL is refused by today's rules (it was registered before them): it is never sent to. */
export function checkStoredEndpointUrl(url: string): void {
  const problem = endpointUrlProblem(url, networkMode);
  if (problem) refuseStoredEndpointUrl(problem);
}
