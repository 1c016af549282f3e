/**
 * `multipart/form-data` bodies (RFC 7578), read with busboy from the bytes API Gateway
 * hands over (base64: the API declares the type binary, so no byte is re-encoded). Text
 * fields and files come out as strings (files read as UTF-8); a field or file named twice,
 * a part over the limits, a body that is not a well-formed form: 400, never a guess.
 */
import busboy from 'busboy';
import type { MultipartParts } from '#lib/model/types';
import { PayloadTooLarge, ValidationFailed } from '#platform/errors';

/** Parts and field sizes a form may hold: far more than any route's form needs. */
const MAX_PARTS = 50;
const MAX_FIELD_BYTES = 64 * 1024;

const malformed = (why: string) => new ValidationFailed(`The multipart body cannot be read: ${why}`, [{ path: 'body', message: why }]);

/** The parts of a multipart body; `maxBytes` bounds each file (the whole body is bounded by the caller). */
export function parseMultipart(body: Buffer, contentType: string, maxBytes: number): Promise<MultipartParts> {
  return new Promise((resolve, reject) => {
    let form: busboy.Busboy;
    try {
      form = busboy({ headers: { 'content-type': contentType }, limits: { parts: MAX_PARTS, fieldSize: MAX_FIELD_BYTES, fileSize: maxBytes }, defParamCharset: 'utf8' });
    } catch (error) {
      reject(malformed((error as Error).message));
      return;
    }
    const fields: Record<string, string> = {};
    const files: Record<string, MultipartParts['files'][string]> = {};
    let failure: Error | undefined;
    const fail = (error: Error) => (failure ??= error);
    const named = new Set<string>();
    const claim = (name: string): boolean => {
      if (named.has(name)) fail(malformed(`${name} is given more than once`));
      named.add(name);
      return !failure;
    };
    form.on('field', (name, value, info) => {
      if (info.valueTruncated) fail(malformed(`field ${name} is longer than ${MAX_FIELD_BYTES} bytes`));
      // A field named __proto__ stays a field: own properties only, and the strict schema refuses unknown ones.
      if (claim(name)) Object.defineProperty(fields, name, { value, enumerable: true, writable: true, configurable: true });
    });
    form.on('file', (name, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => fail(new PayloadTooLarge(`The file ${name} exceeds ${maxBytes} bytes`)));
      stream.on('close', () => {
        const file = { fileName: info.filename ?? '', contentType: info.mimeType, text: Buffer.concat(chunks).toString('utf8') };
        if (claim(name)) Object.defineProperty(files, name, { value: file, enumerable: true, writable: true, configurable: true });
      });
    });
    form.on('partsLimit', () => fail(malformed(`more than ${MAX_PARTS} parts`)));
    form.on('error', (error: Error) => reject(failure ?? malformed(error.message)));
    form.on('close', () => (failure ? reject(failure) : resolve({ fields, files })));
    form.end(body);
  });
}
