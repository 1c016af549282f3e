/** The sender against a real local HTTP receiver: the SSRF guard at connection time, no redirects, timeout. */
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendWebhook } from '#adapters/http/webhook-sender';
import { webhookNetworkMode } from '#platform/config';

let server: http.Server;
let base: string;
const received: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    received.push(req.url ?? '');
    if (req.url === '/redirect') return void res.writeHead(302, { location: '/ok' }).end();
    if (req.url === '/slow') return; // never answers
    if (req.url === '/busy') return void res.writeHead(429, { 'retry-after': '120' }).end('busy');
    res.writeHead(200).end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('sendWebhook', () => {
  it('delivers to 127.0.0.1 in local mode and keeps the first bytes of the answer', async () => {
    const out = await sendWebhook(`${base}/ok`, { 'webhook-id': 'x' }, '{}', { mode: 'local' });
    expect(out).toMatchObject({ status: 200, responseStart: 'ok' });
  });
  it('does not follow redirects', async () => {
    received.length = 0;
    const out = await sendWebhook(`${base}/redirect`, {}, '{}', { mode: 'local' });
    expect(out.status).toBe(302);
    expect(received).toEqual(['/redirect']);
  });
  it('reports Retry-After', async () => {
    expect(await sendWebhook(`${base}/busy`, {}, '{}', { mode: 'local' })).toMatchObject({ status: 429, retryAfter: '120' });
  });
  it('times out', async () => {
    const out = await sendWebhook(`${base}/slow`, {}, '{}', { mode: 'local', timeoutMs: 200 });
    expect(out.status).toBeUndefined();
    expect(out.error).toMatch(/timed out/);
  });
  it('in cloud mode refuses a hostname resolving to 127.0.0.1 or 169.254.169.254 at connection time', async () => {
    received.length = 0;
    for (const address of ['127.0.0.1', '169.254.169.254', '10.0.0.5', 'fd00::1']) {
      const resolver = async () => [{ address, family: address.includes(':') ? 6 : 4 }];
      const out = await sendWebhook('https://partner.test/hook', {}, '{}', { mode: 'cloud', resolver });
      expect(out.status, address).toBeUndefined();
      expect(out.error, address).toMatch(/refused address/);
    }
    expect(received).toEqual([]);
  });
  it('refuses an IPv6 literal of a loopback address without connecting, in both modes (node calls no lookup for a literal)', async () => {
    const connections: string[] = [];
    const other = net.createServer((socket) => {
      connections.push(socket.remoteAddress ?? '');
      socket.destroy();
    });
    await new Promise<void>((r) => other.listen(0, '127.0.0.2', r));
    const port = (other.address() as AddressInfo).port;
    try {
      for (const mode of ['cloud', 'local'] as const) {
        for (const url of [`https://[::ffff:127.0.0.2]:${port}/`, `https://[::ffff:7f00:2]:${port}/`, `https://[64:ff9b::7f00:2]:${port}/`]) {
          expect([mode, url, (await sendWebhook(url, {}, '{}', { mode, timeoutMs: 1000 })).error]).toEqual([mode, url, expect.stringMatching(/refused URL/)]);
        }
      }
      expect(connections).toEqual([]);
    } finally {
      await new Promise<void>((r) => other.close(() => r()));
    }
  });
  it('in cloud mode refuses http and literal private addresses before connecting', async () => {
    expect((await sendWebhook(`${base}/ok`, {}, '{}', { mode: 'cloud' })).error).toMatch(/refused URL/);
    expect((await sendWebhook('https://169.254.169.254/latest/meta-data', {}, '{}', { mode: 'cloud' })).error).toMatch(/refused URL/);
  });
});

describe('the network mode', () => {
  it('is cloud unless the local stack says local, and local fails fast inside a Lambda', () => {
    expect(webhookNetworkMode({})).toBe('cloud');
    expect(webhookNetworkMode({ WEBHOOK_NETWORK_MODE: 'local' })).toBe('local');
    expect(() => webhookNetworkMode({ WEBHOOK_NETWORK_MODE: 'local', AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x' })).toThrow(/never a Lambda/);
    expect(webhookNetworkMode({ AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x' })).toBe('cloud');
  });
});
