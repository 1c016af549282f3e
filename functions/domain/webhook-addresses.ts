/**
 * The SSRF rules of webhook delivery (pure): which URLs may be registered and which
 * resolved addresses may be connected to. The delivery adapter applies
 * {@link addressAllowed} in its DNS lookup, i.e. at connection time, so a name that
 * resolves elsewhere after registration (DNS rebinding) is still refused.
 */
import { isIP } from 'node:net';

export type NetworkMode = 'cloud' | 'local';

function ipv4Blocked(ip: string): boolean {
  const [a, b] = ip.split('.').map(Number) as [number, number, number, number];
  return (
    a === 0 || // "this" network
    a === 10 || // RFC 1918
    a === 127 || // loopback
    (a === 100 && b >= 64 && b <= 127) || // carrier-grade NAT
    (a === 169 && b === 254) || // link-local, incl. 169.254.169.254 (instance metadata)
    (a === 172 && b >= 16 && b <= 31) || // RFC 1918
    (a === 192 && b === 168) || // RFC 1918
    (a === 192 && b === 0) || // IETF protocol assignments
    (a === 198 && (b === 18 || b === 19)) || // benchmarking
    a >= 224 // multicast (224/4) and reserved (240/4), broadcast
  );
}

function ipv6Blocked(ip: string): boolean {
  const lower = ip.toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (mapped) return ipv4Blocked(mapped[1] as string);
  if (lower === '::' || lower === '::1') return true; // unspecified, loopback
  const first = parseInt(lower.split(':')[0] || '0', 16);
  return (
    (first & 0xfe00) === 0xfc00 || // ULA fc00::/7
    (first & 0xffc0) === 0xfe80 || // link-local fe80::/10
    (first & 0xff00) === 0xff00 // multicast ff00::/8
  );
}

/** Whether delivery may connect to this resolved address in this mode. */
export function addressAllowed(address: string, mode: NetworkMode): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  if (mode === 'local' && (address === '127.0.0.1' || address === '::1')) return true;
  return family === 4 ? !ipv4Blocked(address) : !ipv6Blocked(address);
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
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const isLocalHost = host === 'localhost' || host === '127.0.0.1';
  if (url.protocol !== 'https:' && !(mode === 'local' && url.protocol === 'http:' && isLocalHost)) {
    return mode === 'cloud' ? 'only https URLs are allowed' : 'only https URLs, or http://localhost and http://127.0.0.1, are allowed';
  }
  if (isIP(host) && !addressAllowed(host, mode)) return 'the address is private, loopback, link-local or multicast';
  if (mode === 'cloud' && isLocalHost) return 'loopback addresses are not allowed';
  return undefined;
}
