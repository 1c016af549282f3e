/**
 * The docs functions as Lambda runs them: bundled by HydrantFunction (local esbuild, as
 * `cdk deploy` does), with the Swagger UI files their declaration names copied beside the
 * bundle, and the bundled handler answering from a directory with no node_modules.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { afterAll, describe, expect, it } from 'vitest';
import { CDK_CONTEXT, deployedEnvironments, RUNTIME_ENV } from '../../bench/lib/deployed-environments';
import { HydrantFunction } from '#lib/cloud/hydrant-function';
import { REPO_ROOT } from '#lib/cloud/hydrant-stack';
import { docsRoutes } from '#lib/model/routes/docs';

const outdir = mkdtempSync(join(tmpdir(), 'hydrant-docs-bundle-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** Each function's environment as the real stack deploys it (its grants' variables, with dummy values). */
const deployed = deployedEnvironments();
const app = new App({ outdir, context: { ...CDK_CONTEXT, stage: 'test' } });
const stack = new Stack(app, 'DocsBundle', { env: { account: '000000000000', region: 'eu-west-1' } });

/** Bundles a route's function and returns its asset directory and deployed environment. */
function bundled(operationId: string): { dir: string; env: Record<string, string>; files: readonly string[] } {
  const route = docsRoutes.find((r) => r.operationId === operationId)!;
  const entry = join(REPO_ROOT, 'functions', `${route.handler}.ts`);
  const fn = new HydrantFunction(stack, operationId, { entry, stage: 'test', ...(route.fn.files ? { files: route.fn.files } : {}) });
  const code = stack.resolve((fn.function.node.defaultChild as CfnFunction).code) as { s3Key: string };
  const env = deployed.get(entry);
  if (!env) throw new Error(`${entry} is not a function of the stack`);
  return { dir: join(outdir, `asset.${code.s3Key.replace(/\.zip$/, '')}`), env, files: route.fn.files ?? [] };
}

/** Runs the bundled handler once in a fresh node process on a GET of `path`. */
function invoke(dir: string, env: Record<string, string>, path: string): { statusCode: number; contentType: string; body: string } {
  const script = `
    const { handler } = await import(${JSON.stringify(join(dir, 'index.mjs'))});
    const event = { httpMethod: 'GET', path: ${JSON.stringify(path)}, resource: ${JSON.stringify(path)}, headers: {}, multiValueHeaders: {}, queryStringParameters: null,
      pathParameters: null, body: null, isBase64Encoded: false, requestContext: { requestId: 'req-1', identity: { sourceIp: '192.0.2.1' } } };
    const context = { awsRequestId: 'req-1', functionName: 'docs', functionVersion: '$LATEST', memoryLimitInMB: '256', invokedFunctionArn: 'arn:aws:lambda:eu-west-1:000000000000:function:docs', getRemainingTimeInMillis: () => 9000 };
    const res = await handler(event, context);
    process.stdout.write('\\n' + JSON.stringify({ statusCode: res.statusCode, contentType: res.headers['Content-Type'], body: res.body }));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, env: { PATH: process.env.PATH ?? '', ...RUNTIME_ENV, ...env }, maxBuffer: 64 * 1024 * 1024 }).toString();
  return JSON.parse(out.slice(out.lastIndexOf('\n') + 1));
}

describe('the docs functions, bundled', () => {
  it("copies the Swagger UI script beside the bundle and serves it from there (the asset has no node_modules)", () => {
    const { dir, env, files } = bundled('getDocsScript');
    expect(files).toEqual(['swagger-ui-dist/swagger-ui-bundle.js']);
    const copied = join(dir, basename(files[0]!));
    expect(readFileSync(copied, 'utf8')).toBe(readFileSync(join(REPO_ROOT, 'node_modules', files[0]!), 'utf8'));
    expect(existsSync(join(dir, 'node_modules'))).toBe(false);
    const res = invoke(dir, env, '/docs/swagger-ui.js');
    expect(res.statusCode).toBe(200);
    expect(res.contentType).toMatch(/^text\/javascript/);
    expect(res.body).toContain("url: 'openapi.json'");
  }, 180_000);

  it('copies the styles of the page and serves the page with them', () => {
    const { dir, env } = bundled('getDocsPage');
    expect(existsSync(join(dir, 'swagger-ui.css'))).toBe(true);
    const res = invoke(dir, env, '/docs');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<script src="docs/swagger-ui.js"></script>');
    expect(res.body).toContain('.swagger-ui');
  }, 180_000);

  it('serves the contract from the bundled model, with nothing copied', () => {
    const { dir, env } = bundled('getOpenApi');
    const res = invoke(dir, env, '/openapi.json');
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body).paths['/docs']).toBeDefined();
  }, 180_000);
});
