/** The docs page and its script fit a Lambda answer, and name only same-origin resources. */
import { describe, expect, it } from 'vitest';
import { renderDocsPage } from '#application/docs/render-docs-page';
import { readDocsScript } from '#application/docs/read-docs-script';
import { readContract } from '#application/docs/read-contract';

/** Lambda's synchronous response payload limit. */
const LAMBDA_RESPONSE_BYTES = 6 * 1024 * 1024;
/** What the JSON envelope of a proxy answer adds to the body (escapes: quotes, newlines, backslashes). */
const envelope = (text: string) => Buffer.byteLength(JSON.stringify({ statusCode: 200, headers: {}, body: text }));

describe('the docs page', () => {
  it('inlines Swagger UI styles and loads one relative script, with no inline script', () => {
    const html = renderDocsPage();
    expect(html).toContain('.swagger-ui');
    expect([...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0])).toEqual(['<script src="docs/swagger-ui.js">']);
    expect(html).not.toMatch(/(?:src|href)=["']https?:/);
  });

  it('keeps the page, the script and the contract each under the Lambda response limit', () => {
    for (const [name, text] of Object.entries({ page: renderDocsPage(), script: readDocsScript(), contract: readContract() })) {
      expect(envelope(text), name).toBeLessThan(LAMBDA_RESPONSE_BYTES);
    }
  });
});
