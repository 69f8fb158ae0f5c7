// @vitest-environment node
// The import rules of eslint/frontend-rules.js are live: a forbidden import fails lint. Runs ESLint's
// Node API with the repository's own config, so the rules cannot silently go missing.
import { ESLint } from 'eslint';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: repoRoot });
});

/** The rule ids ESLint reports for `code` as if it were the file at `filePath` (repository-relative). */
async function ruleIds(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, filePath) });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

const RESTRICTED = 'import-x/no-restricted-paths';

// The first lint loads the whole config and the TypeScript resolver: seconds on a busy machine.
describe('frontend import rules', { timeout: 60_000 }, () => {
  it('a feature may not import app/', async () => {
    const ids = await ruleIds(
      "export { appRoutes } from '../../app/routes';\n",
      'frontend/src/features/catalogs/x.ts',
    );
    expect(ids).toContain(RESTRICTED);
  });

  it('a feature may not import a sibling feature', async () => {
    const ids = await ruleIds(
      "export { secretsApi } from '../secrets/api';\n",
      'frontend/src/features/catalogs/x.ts',
    );
    expect(ids).toContain(RESTRICTED);
  });

  it('shared code may import no feature and no app/', async () => {
    expect(
      await ruleIds("export { catalogsApi } from '../features/catalogs/api';\n", 'frontend/src/lib/x.ts'),
    ).toContain(RESTRICTED);
    expect(
      await ruleIds("export { appRoutes } from '../app/routes';\n", 'frontend/src/components/x.ts'),
    ).toContain(RESTRICTED);
  });

  it('production code may not import the test-only helpers', async () => {
    const ids = await ruleIds(
      "export { fakeBackend } from '../../test/fakeBackend';\n",
      'frontend/src/features/secrets/x.ts',
    );
    expect(ids).toContain(RESTRICTED);
  });

  it('a feature may import itself and the shared rooms', async () => {
    const ids = await ruleIds(
      [
        "export { catalogsApi } from './api';",
        "export { Button } from '../../components';",
        "export { useSession } from '../../lib/session';",
        "export { api } from '../../api';",
        '',
      ].join('\n'),
      'frontend/src/features/catalogs/x.ts',
    );
    expect(ids).toEqual([]);
  });

  it('import circles fail lint', async () => {
    // lib/session.ts imports lib/useResource.ts: a useResource-side import of the session closes a circle.
    const ids = await ruleIds("export { useSession } from './session';\n", 'frontend/src/lib/useResource.ts');
    expect(ids).toContain('import-x/no-cycle');
  });
});
