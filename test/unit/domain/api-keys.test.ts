/** API key rules: values, allow-lists, grace periods, rotation and what API Gateway must be told. */
import { BlockList } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  applyApiKeyPatch,
  auditView,
  claimRefusal,
  deadlineOf,
  expiryIsFuture,
  gatewayChangesOf,
  gatewayEnabled,
  gatewayKeyIdsOf,
  generateKeyValue,
  graceUntil,
  keyPrefixOf,
  maintenanceAction,
  newApiKey,
  normaliseIpAllowList,
  normaliseIpEntry,
  policyOf,
  rotateApiKey,
  rotationScheduleOf,
  rotationStepDue,
  withRotatedNotice,
  withRotationNotice,
  withValueClaimed,
  type ApiKey,
} from '#domain/api-keys';

const NOW = Date.UTC(2026, 10, 21, 12, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString();
const HOUR = 3_600_000;

const base = (): ApiKey =>
  newApiKey('01JD5Y7Z8M6Q2V3W4X5Y6Z7K01', { name: 'Bridge', owner: 'Aquatech', planId: 'standard', ipAllowList: ['10.1.2.3/8', '10.0.0.0/8'] }, { gatewayKeyId: 'gw-1', value: 'hyd_abcdEFGH1234' }, iso(NOW));

describe('key values', () => {
  it('are hyd_ and 40 base62 characters, different every time', () => {
    const values = new Set(Array.from({ length: 200 }, generateKeyValue));
    expect(values.size).toBe(200);
    for (const v of values) expect(v).toMatch(/^hyd_[0-9A-Za-z]{40}$/);
  });

  it('keep only an 8-character prefix', () => {
    expect(keyPrefixOf('hyd_abcdEFGH1234')).toBe('hyd_abcd');
  });

  it('use the whole alphabet (no bias towards a subset)', () => {
    const chars = new Set(Array.from({ length: 100 }, generateKeyValue).join('').slice(4));
    expect(chars.size).toBeGreaterThan(60);
  });
});

describe('IP allow-list entries', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    [' 203.0.113.7 ', '203.0.113.7'],
    ['10.1.2.3/8', '10.0.0.0/8'],
    ['192.168.1.200/30', '192.168.1.200/30'],
    ['192.168.1.203/30', '192.168.1.200/30'],
    ['0.0.0.0/0', '0.0.0.0/0'],
    ['2001:DB8:0:0::1', '2001:db8::1'],
    ['2001:db8:abcd:12::/48', '2001:db8:abcd::/48'],
    ['2001:db8::1/128', '2001:db8::1/128'],
    ['::1', '::1'],
    ['::FFFF:192.0.2.1', '::ffff:192.0.2.1'],
    ['fe80::1234:5678/10', 'fe80::/10'],
  ])('%s is normalised to %s', (entry, normal) => {
    expect(normaliseIpEntry(entry)).toBe(normal);
  });

  it.each(['', 'localhost', '10.0.0', '256.1.1.1', '010.1.1.1', '10.0.0.0/33', '10.0.0.0/08', '10.0.0.0/', '2001:db8::/129', 'fe80::1%eth0', '1.2.3.4/8/9', '::g', '10.0.0.0 /8'])(
    '%j is refused',
    (entry) => {
      expect(normaliseIpEntry(entry)).toBeUndefined();
    },
  );

  it('normalised ranges contain what the original ranges contained', () => {
    const check = (entry: string, address: string, family: 'ipv4' | 'ipv6') => {
      const list = new BlockList();
      const [ip, bits] = normaliseIpEntry(entry)!.split('/') as [string, string];
      list.addSubnet(ip, Number(bits), family);
      return list.check(address, family);
    };
    expect(check('10.1.2.3/8', '10.200.0.1', 'ipv4')).toBe(true);
    expect(check('10.1.2.3/8', '11.0.0.1', 'ipv4')).toBe(false);
    expect(check('2001:db8:abcd:12::9/48', '2001:db8:abcd:ffff::1', 'ipv6')).toBe(true);
    expect(check('2001:db8:abcd:12::9/48', '2001:db8:abce::1', 'ipv6')).toBe(false);
  });

  it('lists are normalised and deduplicated, and a bad entry is an error', () => {
    expect(normaliseIpAllowList(['10.1.2.3/8', '10.0.0.0/8', '2001:DB8::1'])).toEqual(['10.0.0.0/8', '2001:db8::1']);
    expect(() => normaliseIpAllowList(['10.0.0.1', 'nope'])).toThrow(/nope/);
  });
});

describe('expiry and grace', () => {
  it('an expiry must be in the future, or absent', () => {
    expect(expiryIsFuture(undefined, NOW)).toBe(true);
    expect(expiryIsFuture(null, NOW)).toBe(true);
    expect(expiryIsFuture(iso(NOW + 1000), NOW)).toBe(true);
    expect(expiryIsFuture(iso(NOW), NOW)).toBe(false);
  });

  it('grace defaults to 7 days, is 0 to 720 whole hours', () => {
    expect(graceUntil(NOW)).toBe(iso(NOW + 168 * HOUR));
    expect(graceUntil(NOW, 0)).toBe(iso(NOW));
    expect(graceUntil(NOW, 720)).toBe(iso(NOW + 720 * HOUR));
    expect(() => graceUntil(NOW, 721)).toThrow(RangeError);
    expect(() => graceUntil(NOW, -1)).toThrow(RangeError);
    expect(() => graceUntil(NOW, 1.5)).toThrow(RangeError);
  });

  it('API Gateway accepts a key only while active and not expired', () => {
    expect(gatewayEnabled({ status: 'active', expiresAt: null }, NOW)).toBe(true);
    expect(gatewayEnabled({ status: 'disabled', expiresAt: null }, NOW)).toBe(false);
    expect(gatewayEnabled({ status: 'active', expiresAt: iso(NOW - 1) }, NOW)).toBe(false);
  });

  it('the schedule acts at the earliest deadline: delete after grace, disable after expiry', () => {
    const policy = { expiresAt: iso(NOW + 2 * HOUR), graceUntil: iso(NOW + HOUR) };
    expect(deadlineOf(policy)).toBe(policy.graceUntil);
    expect(deadlineOf({ expiresAt: iso(NOW + HOUR), graceUntil: null })).toBe(iso(NOW + HOUR));
    expect(deadlineOf({ expiresAt: iso(NOW + HOUR), graceUntil: null }, true)).toBeNull();
    expect(deadlineOf({ expiresAt: null, graceUntil: null })).toBeNull();
    expect(maintenanceAction(policy, NOW)).toBe('none');
    expect(maintenanceAction(policy, NOW + HOUR)).toBe('delete');
    expect(maintenanceAction({ expiresAt: iso(NOW), graceUntil: iso(NOW + HOUR) }, NOW)).toBe('disable');
  });
});

describe('keys', () => {
  it('a new key is active, at version 1, with its allow-list normalised and only a prefix of its value', () => {
    const key = base();
    expect(key).toMatchObject({ version: 1, status: 'active', ipAllowList: ['10.0.0.0/8'], keyPrefix: 'hyd_abcd', gatewayKeyId: 'gw-1', retiringKeys: [], lastRotatedAt: null, expiresAt: null });
    expect(JSON.stringify(key)).not.toContain('hyd_abcdEFGH1234');
  });

  it('a patch bumps the version and normalises a new allow-list', () => {
    const patched = applyApiKeyPatch(base(), { ipAllowList: ['2001:DB8::/32'], expiresAt: null }, iso(NOW + 1));
    expect(patched).toMatchObject({ version: 2, ipAllowList: ['2001:db8::/32'], updatedAt: iso(NOW + 1), expiresAt: null });
  });

  it('a rotation makes the new value current and lists the old one with its grace', () => {
    const rotated = rotateApiKey(base(), { gatewayKeyId: 'gw-2', value: 'hyd_newvalue0000' }, iso(NOW + HOUR), iso(NOW));
    expect(rotated).toMatchObject({ version: 2, gatewayKeyId: 'gw-2', keyPrefix: 'hyd_newv', lastRotatedAt: iso(NOW) });
    expect(rotated.retiringKeys).toEqual([{ gatewayKeyId: 'gw-1', keyPrefix: 'hyd_abcd', graceUntil: iso(NOW + HOUR) }]);
    expect(gatewayKeyIdsOf(rotated)).toEqual(['gw-2', 'gw-1']);
    expect(policyOf('t1', rotated, 'gw-1')).toMatchObject({ keyId: rotated.id, tenantId: 't1', graceUntil: iso(NOW + HOUR), planId: 'standard' });
    expect(policyOf('t1', rotated, 'gw-2').graceUntil).toBeNull();
  });

  it('the audit view never carries a value or a gateway id', () => {
    const view = JSON.stringify(auditView(rotateApiKey(base(), { gatewayKeyId: 'gw-2', value: 'hyd_newvalue0000' }, iso(NOW), iso(NOW))));
    expect(view).not.toMatch(/hyd_newvalue0000|gw-1|gw-2/);
  });
});

describe('what API Gateway is told', () => {
  const rotated = rotateApiKey(base(), { gatewayKeyId: 'gw-2', value: 'hyd_newvalue0000' }, iso(NOW + HOUR), iso(NOW));

  it('a plan change moves every gateway key', () => {
    const after = applyApiKeyPatch(rotated, { planId: 'partner' }, iso(NOW));
    expect(gatewayChangesOf(rotated, after, { planId: 'partner' }, NOW)).toEqual([
      { gatewayKeyId: 'gw-2', plan: { from: 'standard', to: 'partner' } },
      { gatewayKeyId: 'gw-1', plan: { from: 'standard', to: 'partner' } },
    ]);
  });

  it('disabling disables every gateway key; enabling again spares a retiring key past its grace', () => {
    const disabled = applyApiKeyPatch(rotated, { status: 'disabled' }, iso(NOW));
    expect(gatewayChangesOf(rotated, disabled, { status: 'disabled' }, NOW).map((c) => [c.gatewayKeyId, c.enabled])).toEqual([
      ['gw-2', false],
      ['gw-1', false],
    ]);
    const active = applyApiKeyPatch(disabled, { status: 'active' }, iso(NOW));
    expect(gatewayChangesOf(disabled, active, { status: 'active' }, NOW + 2 * HOUR).map((c) => [c.gatewayKeyId, c.enabled])).toEqual([
      ['gw-2', true],
      ['gw-1', false],
    ]);
  });

  it('a rename renames the current gateway key only; other fields need no call', () => {
    const renamed = applyApiKeyPatch(rotated, { name: 'New name', owner: 'Other', ipAllowList: [] }, iso(NOW));
    expect(gatewayChangesOf(rotated, renamed, { name: 'New name', owner: 'Other', ipAllowList: [] }, NOW)).toEqual([
      { gatewayKeyId: 'gw-2', name: `New name (${rotated.id})` },
    ]);
  });

  it('swapping before and after gives the undo', () => {
    const after = applyApiKeyPatch(rotated, { planId: 'trial', status: 'disabled' }, iso(NOW));
    const undo = gatewayChangesOf(after, rotated, { planId: 'trial', status: 'disabled' }, NOW);
    expect(undo[0]).toEqual({ gatewayKeyId: 'gw-2', plan: { from: 'trial', to: 'standard' }, enabled: true });
  });
});

describe('automatic rotation', () => {
  const DAY = 24 * HOUR;
  const scheduled = (days = 30): ApiKey =>
    newApiKey('01JD5Y7Z8M6Q2V3W4X5Y6Z7K02', { name: 'Auto', owner: 'Aquatech', planId: 'standard', autoRotateDays: days }, { gatewayKeyId: 'gw-1', value: 'hyd_abcdEFGH1234' }, iso(NOW));

  it('has no schedule without autoRotateDays', () => {
    const key = base();
    expect(key).toMatchObject({ autoRotateDays: null, nextRotationAt: null, rotationNoticeSentAt: null, pendingValue: null });
    expect(rotationScheduleOf(key)).toBeNull();
  });

  it('steps through: notice 7 days before, rotation when due, the notice after, then the next period', () => {
    let key = scheduled(30);
    expect(key.nextRotationAt).toBe(iso(NOW + 30 * DAY));
    const notice = rotationScheduleOf(key)!;
    expect(notice).toEqual({ next: 'notify-before', at: iso(NOW + 23 * DAY) });
    expect(rotationStepDue(notice, NOW + 23 * DAY - 1)).toBe(false);
    expect(rotationStepDue(notice, NOW + 23 * DAY)).toBe(true);

    key = withRotationNotice(key, iso(NOW + 23 * DAY));
    expect(rotationScheduleOf(key)).toEqual({ next: 'rotate', at: iso(NOW + 30 * DAY) });

    const at = iso(NOW + 30 * DAY);
    key = rotateApiKey(key, { gatewayKeyId: 'gw-2', value: 'hyd_zyxwVUTS' }, iso(NOW + 37 * DAY), at, true);
    expect(key.pendingValue).toEqual({ keyPrefix: 'hyd_zyxw', rotatedAt: at, previousValueUntil: iso(NOW + 37 * DAY), notifiedAt: null });
    expect(key).toMatchObject({ lastRotatedAt: at, nextRotationAt: iso(NOW + 60 * DAY), rotationNoticeSentAt: null });
    expect(rotationScheduleOf(key)).toEqual({ next: 'notify-after', at });

    key = withRotatedNotice(key, at);
    expect(key.pendingValue?.notifiedAt).toBe(at);
    expect(rotationScheduleOf(key)).toEqual({ next: 'notify-before', at: iso(NOW + 53 * DAY) });
    expect(withValueClaimed(key, at).pendingValue).toBeNull();
  });

  it('a rotation by hand leaves nothing pending', () => {
    const key = rotateApiKey(scheduled(), { gatewayKeyId: 'gw-2', value: 'hyd_zyxwVUTS' }, iso(NOW + HOUR), iso(NOW + DAY));
    expect(key.pendingValue).toBeNull();
    expect(key.nextRotationAt).toBe(iso(NOW + 31 * DAY));
  });

  it('is never due sooner than the notice period when a schedule is set later', () => {
    const old = { ...base(), createdAt: iso(NOW - 400 * DAY) };
    const patched = applyApiKeyPatch(old, { autoRotateDays: 30 }, iso(NOW));
    expect(patched.nextRotationAt).toBe(iso(NOW + 7 * DAY));
    expect(applyApiKeyPatch(patched, { autoRotateDays: null }, iso(NOW))).toMatchObject({ autoRotateDays: null, nextRotationAt: null });
    // Any other change keeps the date (and a notice already sent).
    const noticed = withRotationNotice(patched, iso(NOW));
    expect(applyApiKeyPatch(noticed, { owner: 'X', autoRotateDays: 30 }, iso(NOW + DAY))).toMatchObject({ nextRotationAt: iso(NOW + 7 * DAY), rotationNoticeSentAt: iso(NOW) });
  });

  it('skips disabled keys and keys that expire first', () => {
    expect(rotationScheduleOf({ ...scheduled(), status: 'disabled' })).toBeNull();
    expect(rotationScheduleOf({ ...scheduled(), expiresAt: iso(NOW + 30 * DAY) })).toBeNull();
    expect(rotationScheduleOf({ ...scheduled(), expiresAt: iso(NOW + 31 * DAY) })?.next).toBe('notify-before');
  });

  it('shows in the audit trail whether a value is pending, never the value', () => {
    expect(auditView(scheduled())).toMatchObject({ autoRotateDays: 30, pendingValue: false });
  });
});

describe('claiming a pending value', () => {
  const DAY = 24 * HOUR;
  const scheduled = (): ApiKey =>
    newApiKey('01JD5Y7Z8M6Q2V3W4X5Y6Z7K03', { name: 'Auto', owner: 'Aquatech', planId: 'standard', autoRotateDays: 30 }, { gatewayKeyId: 'gw-1', value: 'hyd_abcdEFGH1234' }, iso(NOW));
  const rotated = () => rotateApiKey(scheduled(), { gatewayKeyId: 'gw-2', value: 'hyd_zyxwVUTS' }, iso(NOW + 37 * DAY), iso(NOW + 30 * DAY), true);

  it('is allowed once an automatic rotation left the value of the current prefix pending', () => {
    expect(claimRefusal(rotated())).toBeUndefined();
  });

  it('is refused when nothing was rotated, the value was claimed, or another rotation replaced it', () => {
    expect(claimRefusal(scheduled())).toBe('NO_PENDING_VALUE');
    expect(claimRefusal(withValueClaimed(rotated(), iso(NOW + 31 * DAY)))).toBe('NO_PENDING_VALUE');
    expect(claimRefusal({ ...rotated(), keyPrefix: 'hyd_other' })).toBe('NO_PENDING_VALUE');
  });
});
