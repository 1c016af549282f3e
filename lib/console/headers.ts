/**
 * The console's security headers, the same in the dev server and behind CloudFront: a CSP
 * allowing only our own files and calls to the API (no inline script or style element), no
 * framing, no MIME sniffing, no referrer beyond the origin.
 */

/** `Content-Security-Policy` for a console calling `apiOrigin` (and, for live updates, its `wss:` twin). */
export function contentSecurityPolicy(apiOrigins: readonly string[]): string {
  const connect = ["'self'", ...apiOrigins].join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    // uPlot and preact set element.style from script (allowed); no <style> element nor style="" attribute is needed.
    "style-src 'self'",
    "img-src 'self' data: blob:",
    `connect-src ${connect}`,
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers of every answer of the dev server (CloudFront adds HSTS itself, over HTTPS only). */
export function consoleHeaders(apiOrigins: readonly string[]): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(apiOrigins),
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
  };
}
