import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readJsonObject } from '#lib/local/emulators/json-control-plane';

const request = (...chunks: string[]) => Readable.from(chunks.map((c) => Buffer.from(c))) as unknown as IncomingMessage;
const refuse = (message: string) => new Error(`refused: ${message}`);

describe('readJsonObject', () => {
  it('reads a JSON object sent in several chunks, and an empty body as {}', async () => {
    expect(await readJsonObject(request('{"name":', '"pump"}'), 100, refuse)).toEqual({ name: 'pump' });
    expect(await readJsonObject(request(), 100, refuse)).toEqual({});
  });

  it("refuses with the emulator's own error a body that is not a JSON object, or one that is too large", async () => {
    await expect(readJsonObject(request('[1, 2]'), 100, refuse)).rejects.toThrow('refused: Invalid JSON body');
    await expect(readJsonObject(request('{nope'), 100, refuse)).rejects.toThrow('refused: Invalid JSON body');
    await expect(readJsonObject(request('{"a":"', 'x'.repeat(20), '"}'), 16, refuse)).rejects.toThrow('refused: Request body too large');
  });
});
