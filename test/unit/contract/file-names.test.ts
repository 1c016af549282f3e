/** Every request field that holds a file name uses the one FileName schema, which refuses what hides a name's real extension. */
import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { appModel } from '#lib/model/index';
import { FileName } from '#lib/model/schemas/common';

/** Fields named like a file name anywhere in a schema, with their path. */
function fileNameFields(schema: unknown, path: string): [string, unknown][] {
  if (schema instanceof z.ZodObject) {
    return Object.entries(schema.shape as Record<string, unknown>).flatMap(([key, field]) =>
      /file_?name/i.test(key) ? [[`${path}.${key}`, field] as [string, unknown]] : fileNameFields(field, `${path}.${key}`),
    );
  }
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable || schema instanceof z.ZodDefault) return fileNameFields(schema.unwrap(), path);
  if (schema instanceof z.ZodArray) return fileNameFields(schema.element, `${path}[]`);
  if (schema instanceof z.ZodUnion || schema instanceof z.ZodDiscriminatedUnion) return schema.options.flatMap((o: unknown) => fileNameFields(o, path));
  return [];
}

describe('file names', () => {
  it('are FileName in every request body of the model', () => {
    const fields = appModel.routes.flatMap((route) => fileNameFields(route.request?.body, route.operationId));
    expect(fields.length).toBeGreaterThan(0);
    for (const [where, field] of fields) expect([where, field === FileName || (field instanceof z.ZodOptional && field.unwrap() === FileName)]).toEqual([where, true]);
  });

  it('refuse bidirectional controls, C0 and C1 controls, separators, slashes and quotes, and keep every script', () => {
    for (const bad of ['facture\u202Efdp.exe', 'a\u202Ab', 'a\u202Bb', 'a\u202Cb', 'a\u202Db', 'a\u2066b', 'a\u2067b', 'a\u2068b', 'a\u2069b', 'a\u200Eb', 'a\u200Fb', 'a\u061Cb', 'a\u0000b', 'a\u001Fb', 'a\u007Fb', 'a\u0085b', 'a\u009Fb', 'a\u2028b', 'a\u2029b', '../x', 'a\\b', 'a"b', '', '   ', 'x'.repeat(201)]) {
      expect([JSON.stringify(bad), FileName.safeParse(bad).success]).toEqual([JSON.stringify(bad), false]);
    }
    for (const good of ['fuite-trottoir.jpg', 'Relevé n°2 — rapport.pdf', 'رسالة.pdf', '报告.csv', 'שלום.txt', 'famille 👨\u200D👩\u200D👧.png', "l'usine (2).pdf"]) {
      expect([good, FileName.safeParse(good).success]).toEqual([good, true]);
    }
  });
});
