/** multipart/form-data bodies: read with busboy within the route's limit, made into the body the route validates. */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { findRoute } from '#lib/model/find-route';
import { authRoutes } from '#lib/model/routes/auth';
import { forecastsRoutes } from '#lib/model/routes/forecasts';
import { CreateForecastBody, MAX_CSV_UPLOAD_BYTES } from '#lib/model/schemas/forecasts';
import { PayloadTooLarge, UnsupportedMediaType, ValidationFailed } from '#platform/errors';
import { readBody } from '#http-stack/request-body';
import { parseMultipart } from '#http-stack/multipart';

const createForecast = findRoute(forecastsRoutes, 'createForecast');
const login = findRoute(authRoutes, 'login');
const BOUNDARY = '----hydrant-test-boundary';
const TYPE = `multipart/form-data; boundary=${BOUNDARY}`;

type Part = { name: string; value: string; fileName?: string; contentType?: string };
function form(parts: Part[]): Buffer {
  const chunks = parts.map((p) => {
    const disposition = `Content-Disposition: form-data; name="${p.name}"${p.fileName !== undefined ? `; filename="${p.fileName}"` : ''}`;
    const type = p.fileName !== undefined ? `\r\nContent-Type: ${p.contentType ?? 'text/csv'}` : '';
    return `--${BOUNDARY}\r\n${disposition}${type}\r\n\r\n${p.value}\r\n`;
  });
  return Buffer.from(`${chunks.join('')}--${BOUNDARY}--\r\n`, 'utf8');
}
const event = (body: Buffer, base64 = true) =>
  ({ body: body.toString(base64 ? 'base64' : 'utf8'), isBase64Encoded: base64, headers: { 'Content-Type': TYPE } }) as unknown as APIGatewayProxyEvent;

const CSV = 'date;montant\n29/01/2020;1 500,50\n29/01/2026;2 300,00\n';

describe('multipart bodies', () => {
  it('makes the file the inline CSV source and the fields its options, numbers read as numbers', async () => {
    const body = await readBody(
      event(form([{ name: 'file', value: CSV, fileName: 'données.csv' }, { name: 'horizon', value: '3' }, { name: 'source.period', value: 'month' }, { name: 'family', value: 'auto' }])),
      TYPE,
      createForecast,
    );
    expect(body).toEqual({ source: { type: 'csv', content: CSV, period: 'month' }, horizon: 3, family: 'auto' });
    expect(CreateForecastBody.parse(body)).toMatchObject({ source: { type: 'csv', kind: 'amount' }, horizon: 3 });
  });

  it('reads a body API Gateway passed as text the same as one in base64, with its UTF-8 intact', async () => {
    const parts = [{ name: 'file', value: 'date;montant\n01/février/2024;1,5\n', fileName: 'a.csv' }];
    expect(await readBody(event(form(parts), false), TYPE, createForecast)).toEqual(await readBody(event(form(parts)), TYPE, createForecast));
    expect(((await readBody(event(form(parts)), TYPE, createForecast)) as { source: { content: string } }).source.content).toContain('février');
  });

  it('leaves a bad field for the body schema to refuse (same errors as JSON)', async () => {
    const body = await readBody(event(form([{ name: 'file', value: CSV, fileName: 'a.csv' }, { name: 'horizon', value: 'soon' }, { name: 'colour', value: 'red' }])), TYPE, createForecast);
    const parsed = CreateForecastBody.safeParse(body);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => i.path.join('.') || i.code).sort()).toEqual(['horizon', 'unrecognized_keys'].sort());
    // No file: the content is missing.
    expect(CreateForecastBody.safeParse(await readBody(event(form([{ name: 'horizon', value: '3' }])), TYPE, createForecast)).error!.issues[0]!.path).toEqual(['source', 'content']);
  });

  it('keeps a field named __proto__ as a field, for the strict schema to refuse', async () => {
    const body = await readBody(event(form([{ name: 'file', value: CSV, fileName: 'a.csv' }, { name: '__proto__', value: 'x' }, { name: 'source.__proto__', value: 'y' }])), TYPE, createForecast);
    expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
    const issues = CreateForecastBody.safeParse(body).error!.issues;
    expect(issues.map((i) => ('keys' in i ? i.keys : []))).toEqual(expect.arrayContaining([['__proto__']]));
  });

  it('refuses a part given twice, a form without boundary or cut short, with 400', async () => {
    const twice = form([{ name: 'file', value: CSV, fileName: 'a.csv' }, { name: 'file', value: CSV, fileName: 'b.csv' }]);
    await expect(readBody(event(twice), TYPE, createForecast)).rejects.toThrow(ValidationFailed);
    await expect(readBody(event(form([{ name: 'horizon', value: '3' }])), 'multipart/form-data', createForecast)).rejects.toThrow(ValidationFailed);
    const cut = form([{ name: 'file', value: CSV, fileName: 'a.csv' }]).subarray(0, 60);
    await expect(readBody(event(cut), TYPE, createForecast)).rejects.toThrow(ValidationFailed);
  });

  it('takes up to the route limit (4 MiB, Lambda payload in base64) and refuses more with 413', async () => {
    const big = form([{ name: 'file', value: 'x'.repeat(MAX_CSV_UPLOAD_BYTES), fileName: 'big.csv' }]);
    await expect(readBody(event(big), TYPE, createForecast)).rejects.toThrow(PayloadTooLarge);
    // Over the 1 MiB of JSON bodies, within the upload limit.
    const rows = Array.from({ length: 80_000 }, (_, i) => `${String((i % 28) + 1).padStart(2, '0')}/01/2020;${i}`).join('\n');
    expect(Buffer.byteLength(rows)).toBeGreaterThan(1024 * 1024);
    const body = (await readBody(event(form([{ name: 'file', value: rows, fileName: 'big.csv' }])), TYPE, createForecast)) as { source: { content: string } };
    expect(body.source.content).toBe(rows);
    await expect(parseMultipart(form([{ name: 'file', value: 'abcdef', fileName: 'a.csv' }]), TYPE, 3)).rejects.toThrow(PayloadTooLarge);
  });

  it('is refused with 415 where the route does not declare it', async () => {
    await expect(readBody(event(form([{ name: 'username', value: 'Ana' }])), TYPE, login)).rejects.toThrow(UnsupportedMediaType);
  });
});
