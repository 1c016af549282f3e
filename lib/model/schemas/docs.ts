/** The contract as the docs page reads it: the OpenAPI document of every route (`GET /openapi.json`). */
import * as z from 'zod';
import { lazySchema } from '../lazy-schema';

export const OpenApiDocument = lazySchema(() => z
  .looseObject({
    openapi: z.string(),
    info: z.looseObject({ title: z.string(), version: z.string() }),
    paths: z.record(z.string(), z.record(z.string(), z.unknown())),
    components: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'OpenApiDocument' }));
