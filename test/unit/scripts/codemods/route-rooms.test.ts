import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listNameOf, listsOfOperations, rewrite } from '../../../../scripts/codemods/route-rooms';

const ROOT = join(import.meta.dirname, '../../../..');
const handlerFile = join(ROOT, 'functions/http/me/mfa-setup.ts');
const lists = await listsOfOperations();

describe('route-rooms codemod', () => {
  it('names a resource list after its folder', () => {
    expect(listNameOf('audit-logs')).toBe('auditLogsRoutes');
    expect(listNameOf('me')).toBe('meRoutes');
  });

  it('resolves a split list by the operation of each findRoute', () => {
    const source = [
      "import { findRoute } from '#lib/model/find-route';",
      "import { mfaRoutes } from '#lib/model/routes/mfa';",
      "export const a = findRoute(mfaRoutes, 'setupMfa');",
      "export const b = findRoute(mfaRoutes, 'getSecuritySettings');",
      '',
    ].join('\n');
    expect(rewrite(source, handlerFile, lists).text).toBe(
      [
        "import { findRoute } from '#lib/model/find-route';",
        "import { meRoutes } from '#lib/model/routes/me';",
        "import { settingsRoutes } from '#lib/model/routes/settings';",
        "export const a = findRoute(meRoutes, 'setupMfa');",
        "export const b = findRoute(settingsRoutes, 'getSecuritySettings');",
        '',
      ].join('\n'),
    );
  });

  it('splits a schema import by new module, keeps type-only names and renames a renamed list everywhere', () => {
    const source = [
      "import { type AuditRecord, Usage } from '#lib/model/schemas/platform';",
      "import { assetRoutes } from '#lib/model/routes/sites-and-assets';",
      'export const n = assetRoutes.length;',
      'export type R = AuditRecord;',
      'export const u = Usage;',
      '',
    ].join('\n');
    const { text } = rewrite(source, handlerFile, lists);
    expect(text).toContain("import type { AuditRecord } from '#lib/model/schemas/audit-logs';");
    expect(text).toContain("import { Usage } from '#lib/model/schemas/usage';");
    expect(text).toContain("import { assetsRoutes } from '#lib/model/routes/assets';");
    expect(text).toContain('export const n = assetsRoutes.length;');
  });

  it('rewrites relative imports inside lib/model and is idempotent', () => {
    const file = join(ROOT, 'lib/model/routes/x.ts');
    const source = "import { Me, User } from '../schemas/users';\n";
    const once = rewrite(source, file, lists).text;
    expect(once).toBe("import { Me } from '../schemas/me';\nimport { User } from '../schemas/users';\n");
    expect(rewrite(once, file, lists).text).toBe(once);
  });

  it('leaves a file without old imports byte for byte', () => {
    const source = "import { assetsRoutes } from '#lib/model/routes/assets';\nexport const r = assetsRoutes;\n";
    expect(rewrite(source, handlerFile, lists).text).toBe(source);
  });
});
