/** A tenant's URL through the SSRF guard (connectors' Slack webhook and Sage gateway), against a real local receiver. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callProvider, ProviderError } from '#adapters/connectors/provider-http';
import { guardedRequest } from '#adapters/http/guarded-request';
import { RefusedAddress } from '#adapters/http/webhook-sender';

let server: http.Server;
let port: number;
const received: Array<{ method?: string; url?: string; body: string }> = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ method: req.method, url: req.url, body });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('guardedRequest', () => {
  it('sends to an allowed address and reads the whole answer', async () => {
    received.length = 0;
    const answer = await guardedRequest(`http://127.0.0.1:${port}/hook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text":"hi"}', timeoutMs: 2000 }, { mode: 'local' });
    expect([answer.status, answer.text, answer.headers.get('content-type')]).toEqual([200, '{"ok":true}', 'application/json']);
    expect(received).toEqual([{ method: 'POST', url: '/hook', body: '{"text":"hi"}' }]);
  });
  it('refuses a host whose DNS now answers an internal address, without connecting (DNS rebinding)', async () => {
    received.length = 0;
    const rebound = async () => [{ address: '10.0.0.7', family: 4 }];
    await expect(guardedRequest('https://hooks.example.com/services/T0/B0/x', { method: 'POST', body: '{}', timeoutMs: 2000 }, { mode: 'cloud', resolver: rebound })).rejects.toBeInstanceOf(RefusedAddress);
    expect(received).toEqual([]);
  });
  it('refuses a URL the endpoint rules refuse (loopback in the cloud, plain http)', async () => {
    await expect(guardedRequest(`http://127.0.0.1:${port}/hook`, { method: 'GET', timeoutMs: 2000 }, { mode: 'cloud' })).rejects.toBeInstanceOf(RefusedAddress);
  });
});

describe('callProvider with a tenant URL', () => {
  it('goes through the guard: a refused address fails at once, with no retry', async () => {
    let waits = 0;
    const call = callProvider('slack', { method: 'POST', url: 'http://169.254.169.254/latest/meta-data', body: '{}', tenantUrl: true }, { sleep: async () => void waits++ });
    await expect(call).rejects.toBeInstanceOf(ProviderError);
    expect(waits).toBe(0);
  });
});
