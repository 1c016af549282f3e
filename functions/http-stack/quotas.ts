/**
 * Windows and headers of Hydrant's own rate accounting: the usage-plan quota per API
 * key (API Gateway throttles but sends no quota headers, and would count 304s) and
 * the per-route limits declared in the model. Pure: the counting itself is in the
 * control-table adapter.
 */
import type { CountedWindow } from './request-state';

// The quota's window is the domain's (`GET /v1/usage` reports in it too).
export { quotaWindow } from '#domain/usage';

/** The fixed window of `seconds` that contains `now`. */
export function fixedWindow(seconds: number, now: number): { start: number; end: number } {
  const size = seconds * 1000;
  const start = Math.floor(now / size) * size;
  return { start, end: start + size };
}

const secondsUntil = (end: number, now: number) => Math.max(0, Math.ceil((end - now) / 1000));

/**
 * `RateLimit-Policy` and `RateLimit` as in the IETF httpapi RateLimit header fields
 * draft (one item per window), plus GitHub-style `X-RateLimit-*` for the first
 * window (the usage-plan quota) for older clients.
 */
export function rateLimitHeaders(counted: readonly CountedWindow[], now: number): Record<string, string> {
  const windows = counted.filter((w) => !w.unreported);
  if (windows.length === 0) return {};
  const policy = windows.map((w) => `"${w.policy}";q=${w.limit};w=${w.windowSeconds}`).join(', ');
  const state = windows.map((w) => `"${w.policy}";r=${Math.max(0, w.limit - w.used)};t=${secondsUntil(w.windowEnd, now)}`).join(', ');
  const first = windows[0] as CountedWindow;
  return {
    'RateLimit-Policy': policy,
    RateLimit: state,
    'X-RateLimit-Limit': String(first.limit),
    'X-RateLimit-Remaining': String(Math.max(0, first.limit - first.used)),
    'X-RateLimit-Reset': String(Math.ceil(first.windowEnd / 1000)),
  };
}

/** Whether an address is in an allow-list of addresses and CIDR ranges (IPv4 and IPv6). */
export async function ipAllowed(address: string | undefined, allowList: readonly string[]): Promise<boolean> {
  if (allowList.length === 0) return true;
  if (!address) return false;
  const { BlockList, isIP } = await import('node:net');
  const list = new BlockList();
  for (const entry of allowList) {
    const [ip, bits] = entry.split('/') as [string, string | undefined];
    const family = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(ip, family);
    else list.addSubnet(ip, Number(bits), family);
  }
  const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
  return list.check(address, family);
}
