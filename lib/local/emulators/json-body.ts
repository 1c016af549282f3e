import type { IncomingMessage } from 'node:http';

/**
 * The JSON object of a request to a local emulator's HTTP API (an empty body: `{}`).
 * `refuse` builds the emulator's own client error for a body larger than `maxBytes`
 * or one that is not a JSON object, as the service it stands in for answers.
 */
export async function readJsonObject(request: IncomingMessage, maxBytes: number, refuse: (message: string) => Error): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw refuse('Request body too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return {};
  try {
    const body = JSON.parse(text) as unknown;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('not an object');
    return body as Record<string, unknown>;
  } catch {
    throw refuse('Invalid JSON body');
  }
}
