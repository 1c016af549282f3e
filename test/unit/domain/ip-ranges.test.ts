/** The table of non-public addresses: every range, every IPv6 form of an IPv4 address, every way to write one. */
import { BlockList } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addressBits, FORBIDDEN_RANGES, forbiddenReason } from '#domain/ip-ranges';
import { addressAllowed, endpointUrlProblem } from '#domain/webhook-addresses';

const octets = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255));
const dotted = (o: number[]) => o.join('.');
const hex32 = (o: number[]) => `${((o[0]! << 8) | o[1]!).toString(16)}:${((o[2]! << 8) | o[3]!).toString(16)}`;

/** An independent judge of IPv4: node's BlockList loaded with the table's IPv4 rows. */
const ipv4Table = new BlockList();
for (const { cidr } of FORBIDDEN_RANGES.filter((r) => !r.cidr.includes(':'))) {
  const [net, len] = cidr.split('/');
  ipv4Table.addSubnet(net!, Number(len), 'ipv4');
}
const publicV4 = octets.filter((o) => !ipv4Table.check(dotted(o), 'ipv4'));
const forbiddenV4 = octets.filter((o) => ipv4Table.check(dotted(o), 'ipv4'));

/** Every IPv6 form that reaches an IPv4 address, as the URL parser writes it (hex). */
const ipv6Forms = (o: number[]): string[] => {
  const inverted = o.map((b) => 255 - b);
  return [
    `::ffff:${hex32(o)}`, // mapped
    `64:ff9b::${hex32(o)}`, // NAT64
    `2002:${hex32(o)}::1`, // 6to4
    `2001:0:${hex32(o)}::${hex32(inverted)}`, // Teredo: the server...
    `2001:0:4136:e378:8000:63bf:${hex32(inverted)}`, // ...and the client (inverted), behind a public server
  ];
};

describe('the forbidden ranges', () => {
  it('holds no malformed row (host bits set or not an address)', () => {
    for (const { cidr } of FORBIDDEN_RANGES) expect(() => forbiddenReason(cidr.split('/')[0]!), cidr).not.toThrow();
  });

  it('refuses the first and last address of every range, and allows the addresses either side of the IPv4 ones', () => {
    for (const { cidr } of FORBIDDEN_RANGES) {
      const [net] = cidr.split('/');
      expect(forbiddenReason(net!), cidr).toBeDefined();
    }
    for (const [inside, outside] of [
      ['100.64.0.0', '100.63.255.255'],
      ['100.127.255.255', '100.128.0.0'],
      ['172.31.255.255', '172.32.0.0'],
      ['172.16.0.0', '172.15.255.255'],
      ['198.19.255.255', '198.20.0.0'],
      ['223.255.255.255', '224.0.0.0'],
    ]) {
      expect([inside, forbiddenReason(inside!) !== undefined]).toEqual([inside, !['100.63.255.255', '100.128.0.0', '172.32.0.0', '172.15.255.255', '198.20.0.0', '223.255.255.255'].includes(inside!)]);
      expect([outside, forbiddenReason(outside!) !== undefined]).toEqual([outside, outside === '224.0.0.0']);
    }
  });

  it('agrees with node BlockList on every IPv4 address', () => {
    fc.assert(fc.property(octets, (o) => (forbiddenReason(dotted(o)) !== undefined) === ipv4Table.check(dotted(o), 'ipv4')), { numRuns: 2000 });
  });

  it('refuses every IPv6 form of a forbidden IPv4 address, mapped, NAT64, 6to4 and Teredo', () => {
    fc.assert(
      fc.property(forbiddenV4, (o) => ipv6Forms(o).every((form) => forbiddenReason(form) !== undefined)),
      { numRuns: 1000 },
    );
  });

  it('allows the mapped, NAT64 and 6to4 forms of a public IPv4 address', () => {
    fc.assert(
      fc.property(publicV4, (o) => ipv6Forms(o).slice(0, 3).every((form) => forbiddenReason(form) === undefined)),
      { numRuns: 1000 },
    );
  });

  it('reads dotted and hex IPv6 alike, and the review\'s addresses as what they reach', () => {
    expect(addressBits('::ffff:127.0.0.2')).toBe(addressBits('::ffff:7f00:2'));
    expect(addressBits('::ffff:7f00:2')).toBe(addressBits('127.0.0.2'));
    expect(addressBits('example.com')).toBeUndefined();
    for (const [address, why] of [
      ['::ffff:7f00:2', /loopback/],
      ['::ffff:a9fe:a9fe', /link-local/],
      ['::ffff:a00:1', /RFC 1918/],
      ['::ffff:c0a8:101', /RFC 1918/],
      ['64:ff9b::7f00:1', /loopback, embedded/],
      ['64:ff9b::a9fe:a9fe', /link-local.*, embedded/],
      ['64:ff9b:1::a00:1', /local-use/],
      ['2002:a9fe:a9fe::', /link-local.*, embedded/],
      ['2002:7f00:1::1', /loopback, embedded/],
      ['::7f00:1', /IPv4-compatible/],
      ['::127.0.0.1', /IPv4-compatible/],
      ['::ffff:0:7f00:1', /translated/],
      ['2001:0:7f00:1::', /loopback, embedded/],
      ['2001:0:4136:e378:8000:63bf:80ff:fffe', /loopback, embedded/], // client 127.0.0.1, inverted
      ['fd00:ec2::254', /unique-local/],
      ['fe80::1%eth0', /link-local/],
      ['ff02::1', /multicast/],
      ['::', /unspecified/],
      ['::1', /loopback/],
      ['2001:db8::1', /documentation/],
      ['100.64.0.1', /carrier-grade/],
      ['0.0.0.0', /this/],
      ['255.255.255.255', /reserved/],
    ] as const) {
      expect([address, forbiddenReason(address)]).toEqual([address, expect.stringMatching(why)]);
    }
    for (const address of ['93.184.216.34', '2606:4700::1111', '2a00:1450:4007:80f::200e', '::ffff:5db8:d822', '64:ff9b::5db8:d822', '2002:5db8:d822::1']) {
      expect([address, forbiddenReason(address)]).toEqual([address, undefined]);
    }
  });

  it('keeps the local exception to exactly 127.0.0.1 and ::1 in local mode', () => {
    expect(addressAllowed('127.0.0.1', 'local')).toBe(true);
    expect(addressAllowed('::1', 'local')).toBe(true);
    for (const address of ['127.0.0.2', '::ffff:7f00:2', '::ffff:7f00:1', '169.254.169.254']) expect([address, addressAllowed(address, 'local')]).toEqual([address, false]);
    for (const address of ['127.0.0.1', '::1']) expect([address, addressAllowed(address, 'cloud')]).toEqual([address, false]);
  });
});

describe('endpoint URLs', () => {
  it('refuses every URL spelling of a forbidden address, in both modes', () => {
    const urls = [
      'https://[::ffff:127.0.0.2]:4000/',
      'https://[::ffff:7f00:2]/',
      'https://[::ffff:169.254.169.254]/latest/meta-data',
      'https://[::ffff:a9fe:a9fe]/',
      'https://[::ffff:10.0.0.8]/',
      'https://[::ffff:192.168.1.1]/',
      'https://[64:ff9b::127.0.0.1]/',
      'https://[64:ff9b::a9fe:a9fe]/',
      'https://[2002:a9fe:a9fe::1]/',
      'https://[::127.0.0.1]/',
      'https://[::169.254.169.254]/',
      'https://[2001:0:7f00:1::]/',
      'https://[fd00:ec2::254]/',
      'https://0xa9fea9fe/', // 169.254.169.254
      'https://2852039166/', // 169.254.169.254
      'https://[0:0:0:0:0:ffff:7f00:0002]/',
    ];
    for (const mode of ['cloud', 'local'] as const) {
      for (const url of urls) expect([mode, url, endpointUrlProblem(url, mode)]).toEqual([mode, url, expect.stringMatching(/not public/)]);
    }
    // 127.0.0.1 itself is the local stack's exception, however it is written; the cloud refuses it.
    for (const url of ['https://2130706433/', 'https://0x7f.1/', 'https://0177.0.0.1/', 'https://127.1/']) {
      expect([url, endpointUrlProblem(url, 'cloud')]).toEqual([url, expect.stringMatching(/not public/)]);
      expect([url, endpointUrlProblem(url, 'local')]).toEqual([url, undefined]);
    }
  });

  it('normalises decimal, octal and hex IPv4 hosts before the check (the WHATWG URL parser does it)', () => {
    expect(new URL('http://2130706433/').hostname).toBe('127.0.0.1');
    expect(new URL('http://0x7f.1/').hostname).toBe('127.0.0.1');
    expect(new URL('http://0177.0.0.1/').hostname).toBe('127.0.0.1');
    expect(new URL('https://[::ffff:127.0.0.2]/').hostname).toBe('[::ffff:7f00:2]');
  });

  it('refuses names that always mean this machine in the cloud, and keeps http://localhost locally', () => {
    for (const url of ['https://localhost/', 'https://localhost./', 'https://api.localhost/', 'https://LOCALHOST/']) {
      expect([url, endpointUrlProblem(url, 'cloud')]).toEqual([url, expect.stringMatching(/loopback/)]);
    }
    expect(endpointUrlProblem('http://localhost:4000/hook', 'local')).toBeUndefined();
    expect(endpointUrlProblem('http://127.0.0.1:4000/hook', 'local')).toBeUndefined();
    expect(endpointUrlProblem('http://localhost:4000/hook', 'cloud')).toMatch(/https/);
    expect(endpointUrlProblem('https://[2606:4700::1111]/hook', 'cloud')).toBeUndefined();
    expect(endpointUrlProblem('https://93.184.216.34/hook', 'cloud')).toBeUndefined();
  });
});
