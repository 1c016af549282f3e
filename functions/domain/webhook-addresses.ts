/**
 * The SSRF rules of webhook delivery (pure): which URLs may be registered and which
 * addresses may be connected to, by the one table of `ip-ranges.ts`. The delivery
 * adapter applies {@link addressAllowed} in its DNS lookup, i.e. at connection time, so
 * a name that resolves elsewhere after registration (DNS rebinding) is still refused;
 * an IP literal, which node connects to without a lookup, is checked by
 * {@link endpointUrlProblem} at registration, at update and before every send.
 */
import { isIP } from 'node:net';
import { forbiddenReason } from './ip-ranges';

export type NetworkMode = 'cloud' | 'local';

/** Locally a developer receives on their own machine: these two loopback addresses, and only locally. */
const LOCAL_LOOPBACK = new Set(['127.0.0.1', '::1']);

/** Names that always mean this machine (RFC 6761), whatever DNS says. */
const isLoopbackName = (host: string) => /^localhost\.?$|\.localhost\.?$/.test(host);

/** Whether delivery may connect to this address (a resolved one or a literal of the URL) in this mode. */
export function addressAllowed(address: string, mode: NetworkMode): boolean {
  if (mode === 'local' && LOCAL_LOOPBACK.has(address)) return true;
  return forbiddenReason(address) === undefined;
}

/**
 * Why a URL may not be an endpoint, or undefined when it may. Cloud: https only.
 * Local: https, or http to localhost / 127.0.0.1 so a developer can receive on their machine.
 */
export function endpointUrlProblem(raw: string, mode: NetworkMode): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'not a URL';
  }
  if (url.username || url.password) return 'credentials in the URL are not allowed';
  // The URL parser has already normalised IPv4 (2130706433, 0x7f.1, 0177.0.0.1 are 127.0.0.1) and IPv6 (to hex).
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const isLocalHost = host === 'localhost' || host === '127.0.0.1';
  if (url.protocol !== 'https:' && !(mode === 'local' && url.protocol === 'http:' && isLocalHost)) {
    return mode === 'cloud' ? 'only https URLs are allowed' : 'only https URLs, or http://localhost and http://127.0.0.1, are allowed';
  }
  // Node connects to a literal without calling our lookup: the literal is checked here, at registration and before each connection.
  if (isIP(host) && !addressAllowed(host, mode)) return `the address is not public (${forbiddenReason(host)})`;
  if (mode === 'cloud' && isLoopbackName(host)) return 'loopback addresses are not allowed';
  return undefined;
}
