/**
 * Which IP addresses are not on the public internet (pure). Every address, IPv4 or
 * IPv6, is read as 128 bits (IPv4 as its IPv4-mapped form `::ffff:a.b.c.d`), so one
 * table of forbidden ranges covers both families. IPv6 forms that carry an IPv4
 * address (NAT64, 6to4, Teredo) are checked once more with that address, because a
 * connection to them reaches it.
 */
import { isIP } from 'node:net';

/** A range of the table and why it is not public. */
export interface ForbiddenRange {
  readonly cidr: string;
  readonly why: string;
}

/**
 * The IANA special-purpose registries (IPv4 and IPv6) minus what is globally
 * reachable, plus the deprecated transition forms. IPv4 ranges are written as IPv4.
 */
export const FORBIDDEN_RANGES: readonly ForbiddenRange[] = [
  { cidr: '0.0.0.0/8', why: '"this" network' },
  { cidr: '10.0.0.0/8', why: 'private (RFC 1918)' },
  { cidr: '100.64.0.0/10', why: 'carrier-grade NAT' },
  { cidr: '127.0.0.0/8', why: 'loopback' },
  { cidr: '169.254.0.0/16', why: 'link-local (instance metadata)' },
  { cidr: '172.16.0.0/12', why: 'private (RFC 1918)' },
  { cidr: '192.0.0.0/24', why: 'IETF protocol assignments' },
  { cidr: '192.0.2.0/24', why: 'documentation' },
  { cidr: '192.88.99.0/24', why: '6to4 relay anycast' },
  { cidr: '192.168.0.0/16', why: 'private (RFC 1918)' },
  { cidr: '198.18.0.0/15', why: 'benchmarking' },
  { cidr: '198.51.100.0/24', why: 'documentation' },
  { cidr: '203.0.113.0/24', why: 'documentation' },
  { cidr: '224.0.0.0/4', why: 'multicast' },
  { cidr: '240.0.0.0/4', why: 'reserved (and broadcast)' },
  { cidr: '::/128', why: 'unspecified' },
  { cidr: '::1/128', why: 'loopback' },
  // Deprecated forms no network routes: IPv4-compatible ::a.b.c.d and SIIT's IPv4-translated.
  { cidr: '::/96', why: 'IPv4-compatible (deprecated)' },
  { cidr: '::ffff:0:0:0/96', why: 'IPv4-translated' },
  { cidr: '64:ff9b:1::/48', why: 'local-use IPv4/IPv6 translation' },
  { cidr: '100::/64', why: 'discard-only' },
  { cidr: '2001:2::/48', why: 'benchmarking' },
  { cidr: '2001:10::/28', why: 'ORCHID (deprecated)' },
  { cidr: '2001:db8::/32', why: 'documentation' },
  { cidr: '3fff::/20', why: 'documentation' },
  { cidr: '5f00::/16', why: 'segment routing' },
  { cidr: 'fc00::/7', why: 'unique-local (incl. fd00:ec2::254, instance metadata)' },
  { cidr: 'fe80::/10', why: 'link-local' },
  { cidr: 'fec0::/10', why: 'site-local (deprecated)' },
  { cidr: 'ff00::/8', why: 'multicast' },
];

const MAPPED_PREFIX = 0xffffn << 32n;
const U32 = 0xffffffffn;

function ipv4Bits(text: string): bigint {
  return text.split('.').reduce((acc, octet) => (acc << 8n) | BigInt(Number(octet)), 0n);
}

/** A textual IPv6 address (no zone) as 128 bits; `text` is known to be valid. */
function ipv6Bits(text: string): bigint {
  let s = text.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(s)?.[1];
  if (dotted) {
    const v4 = ipv4Bits(dotted);
    s = `${s.slice(0, -dotted.length)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head = '', tail] = s.split('::');
  const before = head ? head.split(':') : [];
  const after = tail ? tail.split(':') : [];
  const groups = tail === undefined ? before : [...before, ...Array<string>(8 - before.length - after.length).fill('0'), ...after];
  return groups.reduce((acc, group) => (acc << 16n) | BigInt(parseInt(group, 16)), 0n);
}

/**
 * An IP address as 128 bits (IPv4 mapped into IPv6), or undefined for anything that is
 * not a textual IP address. A zone (`fe80::1%eth0`) is dropped.
 */
export function addressBits(address: string): bigint | undefined {
  const text = address.replace(/%.*$/, '');
  const family = isIP(text);
  if (family === 4) return MAPPED_PREFIX | ipv4Bits(text);
  if (family === 6) return ipv6Bits(text);
  return undefined;
}

interface ParsedRange extends ForbiddenRange {
  readonly base: bigint;
  readonly mask: bigint;
}

function parseRange(range: ForbiddenRange): ParsedRange {
  const [address = '', length = ''] = range.cidr.split('/');
  const base = addressBits(address);
  if (base === undefined) throw new Error(`Not a range: ${range.cidr}`);
  const bits = Number(length) + (isIP(address) === 4 ? 96 : 0);
  const mask = ((1n << BigInt(bits)) - 1n) << BigInt(128 - bits);
  if ((base & mask) !== base) throw new Error(`Host bits set in ${range.cidr}`);
  return { ...range, base, mask };
}

const RANGES = FORBIDDEN_RANGES.map(parseRange);

const prefix = (cidr: string) => {
  const { base, mask } = parseRange({ cidr, why: '' });
  return (bits: bigint) => (bits & mask) === base;
};
const NAT64 = prefix('64:ff9b::/96');
const SIX_TO_FOUR = prefix('2002::/16');
const TEREDO = prefix('2001::/32');

/**
 * The IPv4 addresses (as 128 bits) an IPv6 address leads to: NAT64 64:ff9b::/96 (the
 * last 32 bits), 6to4 2002::/16 (bits 16-47), Teredo 2001::/32 (its server, bits
 * 32-63, and its client, the last 32 bits inverted). IPv4-mapped addresses need no
 * rule: they already are the IPv4 address in this representation.
 */
export function embeddedIpv4(bits: bigint): bigint[] {
  if (NAT64(bits)) return [MAPPED_PREFIX | (bits & U32)];
  if (SIX_TO_FOUR(bits)) return [MAPPED_PREFIX | ((bits >> 80n) & U32)];
  if (TEREDO(bits)) return [MAPPED_PREFIX | ((bits >> 64n) & U32), MAPPED_PREFIX | (~bits & U32)];
  return [];
}

/**
 * Why an address is not public, or undefined when it is: the first forbidden range
 * that holds it or an IPv4 address it embeds. Anything that is not an IP address is refused.
 */
export function forbiddenReason(address: string): string | undefined {
  const bits = addressBits(address);
  if (bits === undefined) return 'not an IP address';
  for (const candidate of [bits, ...embeddedIpv4(bits)]) {
    const range = RANGES.find((r) => (candidate & r.mask) === r.base);
    if (range) return candidate === bits ? range.why : `${range.why}, embedded in ${address}`;
  }
  return undefined;
}
