/** The body forms a route declares besides a JSON object: a form, a bare array and a CSV text. */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { findRoute } from '#lib/model/find-route';
import { authRoutes } from '#lib/model/routes/auth';
import { qualityRoutes } from '#lib/model/routes/quality';
import { consumptionRoutes } from '#lib/model/routes/consumption';
import { telemetryRoutes } from '#lib/model/routes/telemetry';
import { UnsupportedMediaType, ValidationFailed } from '#platform/errors';
import { asDeclaredBody, parseBody, parseFormBody, rawBodyField } from '#http-stack/request-body';

const login = findRoute(authRoutes, 'login');
const ingest = findRoute(telemetryRoutes, 'ingestTelemetry');
const samples = findRoute(qualityRoutes, 'importQualitySamples');
const event = (body: string, contentType: string, isBase64Encoded = false) => ({ body, isBase64Encoded, headers: { 'Content-Type': contentType } }) as unknown as APIGatewayProxyEvent;

describe('request bodies', () => {
  it('takes a form only where the route declares it', () => {
    expect(parseBody(event('username=Ana&password=x', 'x'), 'Application/X-WWW-Form-Urlencoded; charset=UTF-8', login)).toEqual({ username: 'Ana', password: 'x' });
    expect(() => parseBody(event('readings=1', 'x'), 'application/x-www-form-urlencoded', ingest)).toThrow(UnsupportedMediaType);
    expect(() => parseBody(event('username=Ana', 'x'), 'application/x-www-form-urlencoded-not', login)).toThrow(UnsupportedMediaType);
  });

  it('reads a CSV file as its text, only where the route declares it', () => {
    const csv = 'samplingPointId;takenAt\r\nP1;20/11/2026 08:30\r\n';
    expect(parseBody(event(csv, 'x'), 'text/csv; charset=utf-8', samples)).toEqual({ csv });
    expect(parseBody(event(Buffer.from(csv).toString('base64'), 'x', true), 'text/csv', samples)).toEqual({ csv });
    expect(() => parseBody(event(csv, 'x'), 'text/csv', ingest)).toThrow(UnsupportedMediaType);
  });

  it('decodes a form, percent and plus escapes included, and refuses a name given twice', () => {
    expect(parseFormBody('username=ana%40hydrant.local&password=a+b%26c&grant_type=password')).toEqual({ username: 'ana@hydrant.local', password: 'a b&c', grant_type: 'password' });
    expect(parseFormBody('')).toEqual({});
    expect(() => parseFormBody('password=a&password=b')).toThrow(ValidationFailed);
    expect(parseFormBody('__proto__=x&constructor=y')).toEqual(Object.fromEntries([['__proto__', 'x'], ['constructor', 'y']]));
  });

  it('takes a CSV text as the field the route declares, only where it declares one', () => {
    const importRoute = findRoute(consumptionRoutes, 'importConsumption');
    expect(parseBody(event('zone;volume\nZ;1,5\n', 'x'), 'text/csv; charset=utf-8', importRoute)).toEqual({ csv: 'zone;volume\nZ;1,5\n' });
    expect(parseBody(event(Buffer.from('début;fin').toString('base64'), 'x', true), 'text/csv', importRoute)).toEqual({ csv: 'début;fin' });
    expect(() => parseBody(event('a,b', 'x'), 'text/csv', ingest)).toThrow(UnsupportedMediaType);
    expect(asDeclaredBody(importRoute, [{ a: 1 }])).toEqual({ rows: [{ a: 1 }] });
  });

  it('reads a bare array as the field the route declares, and nothing else', () => {
    expect(asDeclaredBody(ingest, [{ a: 1 }])).toEqual({ readings: [{ a: 1 }] });
    expect(asDeclaredBody(ingest, { readings: [] })).toEqual({ readings: [] });
    expect(asDeclaredBody(login, [1])).toEqual([1]);
  });

  it('finds a field of the raw body as JSON or form, for the login window', () => {
    expect(rawBodyField(event('{"username":"Ana"}', 'application/json'), login, 'username')).toBe('Ana');
    expect(rawBodyField(event('username=Ana&password=x', 'application/x-www-form-urlencoded'), login, 'username')).toBe('Ana');
    expect(rawBodyField(event(Buffer.from('username=Ana').toString('base64'), 'application/x-www-form-urlencoded', true), login, 'username')).toBe('Ana');
    expect(rawBodyField(event('username=a&username=b', 'application/x-www-form-urlencoded'), login, 'username')).toBeUndefined();
    expect(rawBodyField(event('not json', 'application/json'), login, 'username')).toBeUndefined();
    expect(rawBodyField(event('null', 'application/json'), login, 'username')).toBeUndefined();
  });
});
