/**
 * Files of installed packages a function reads at run time (declared in its model `fn.files`).
 * In the cloud the bundle has no node_modules: the stack copies each file beside the bundle
 * (`HydrantFunction`'s `files`), so it is found next to this module's bundled code; locally
 * it is resolved from node_modules.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';

const resolveInstalled = createRequire(import.meta.url).resolve;

/** The text of a package file named as `package/path/file` (e.g. `swagger-ui-dist/swagger-ui.css`). */
export function readPackagedText(specifier: string): string {
  const beside = fileURLToPath(new URL(`./${basename(specifier)}`, import.meta.url));
  return readFileSync(existsSync(beside) ? beside : resolveInstalled(specifier), 'utf8');
}
