// The module boundaries hold because lint refuses to cross them (eslint.config.js); these tests
// show each rule firing on a violation, so a config edit cannot switch one off unnoticed. The
// areas of core must also not depend on each other in a circle, type imports included, which no
// lint rule sees (it works on files, not folders): that is checked here, on the real tree.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import ts from 'typescript';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// ignore: false so that the fixtures, which `eslint .` skips, are linted here.
const eslint = new ESLint({ cwd: root, ignore: false });

async function rulesHit(code: string, file: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).map((m) => m.ruleId ?? `fatal: ${m.message}`);
}

describe('lint rules', () => {
  test('outside core, only @olala/core and its area entry points may be imported', async () => {
    const deep = "import { getAccount } from '@olala/core/identity/index';\nexport const f = getAccount;\n";
    assert.ok((await rulesHit(deep, 'apps/server/src/lint-fixture.ts')).includes('no-restricted-imports'));
    assert.ok(
      (
        await rulesHit(
          deep.replace('import', 'import type').replace('getAccount;', 'null as unknown as typeof getAccount;'),
          'bench/lint-fixture.ts',
        )
      ).includes('no-restricted-imports'),
    );
    const byPath =
      "import { tokenize } from '../../packages/core/src/search/tokenizer.js';\nexport const f = tokenize;\n";
    assert.ok((await rulesHit(byPath, 'bench/lib/lint-fixture.ts')).includes('no-restricted-imports'));
    const reexport = "export { searchWiki } from '@olala/core/search/wiki-search';\n";
    assert.ok((await rulesHit(reexport, 'packages/testing/src/lint-fixture.ts')).includes('no-restricted-imports'));

    const entry =
      "import { getAccount } from '@olala/core/identity';\nimport { loadConfig } from '@olala/core';\nexport const f = [getAccount, loadConfig];\n";
    assert.deepEqual(await rulesHit(entry, 'apps/cli/src/lint-fixture.ts'), []);
    // Inside core, modules and core's own tests reach any module.
    const inside = "import { tokenize } from '../src/search/tokenizer.js';\nexport const f = tokenize;\n";
    assert.deepEqual(await rulesHit(inside, 'packages/core/test/lint-fixture.test.ts'), []);
  });

  test('a web feature imports no other feature, whichever they are', async () => {
    const featuresDir = path.join(root, 'apps/web/src/features');
    const features = fs
      .readdirSync(featuresDir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
    assert.ok(features.length >= 2);
    const moduleOf = (feature: string) => {
      const file = fs
        .readdirSync(path.join(featuresDir, feature), { recursive: true, encoding: 'utf8' })
        .find((f) => /\.tsx?$/.test(f));
      assert.ok(file, `a module in features/${feature}`);
      return `./${file
        .replace(/\.tsx?$/, '.js')
        .split(path.sep)
        .join('/')}`;
    };
    // Every pair in one direction around the ring, so each feature is caught once as the importer.
    for (const [i, from] of features.entries()) {
      const to = features[(i + 1) % features.length]!;
      const code = `import * as other from '../${to}/${moduleOf(to).slice(2)}';\nexport const f = other;\n`;
      assert.ok(
        (await rulesHit(code, `apps/web/src/features/${from}/lint-fixture.ts`)).includes(
          'import-x/no-restricted-paths',
        ),
        `${from} → ${to}`,
      );
    }
    const [own] = features;
    const allowed = `import * as mine from '${moduleOf(own!)}';\nimport { apiUrl } from '../../lib/api-client.js';\nexport const f = [mine, apiUrl];\n`;
    assert.deepEqual(await rulesHit(allowed, `apps/web/src/features/${own}/lint-fixture.ts`), []);
    // The app shell composes features.
    assert.deepEqual(
      await rulesHit(
        `import * as f from '../features/${own}/${moduleOf(own!).slice(2)}';\nexport { f };\n`,
        'apps/web/src/app/lint-fixture.ts',
      ),
      [],
    );
  });

  test('a module is imported in one statement, its types inline', async () => {
    const twice =
      "import { once } from 'node:events';\nimport { EventEmitter } from 'node:events';\nexport const f = [once, EventEmitter];\n";
    assert.ok((await rulesHit(twice, 'apps/server/src/lint-fixture.ts')).includes('import-x/no-duplicates'));
    const typesApart =
      "import type { Db } from '../db/types.js';\nimport { ident } from '../db/types.js';\nexport const f: [Db | undefined, typeof ident] = [undefined, ident];\n";
    assert.ok(
      (await rulesHit(typesApart, 'packages/core/src/search/lint-fixture.ts')).includes('import-x/no-duplicates'),
    );
    const one =
      "import { ident, type Db } from '../db/types.js';\nexport const f: [Db | undefined, typeof ident] = [undefined, ident];\n";
    assert.deepEqual(await rulesHit(one, 'packages/core/src/search/lint-fixture.ts'), []);
  });

  test('an import cycle is refused', async () => {
    const [result] = await eslint.lintFiles(['test/fixtures/lint-rules/cycle-a.ts']);
    assert.deepEqual(
      result?.messages.map((m) => m.ruleId),
      ['import-x/no-cycle'],
    );
  });
});

/** The area of a file of packages/core/src: its first folder, or the file itself at the top. */
function areaOf(srcDir: string, file: string): string {
  const [first, ...rest] = path.relative(srcDir, file).split(path.sep);
  return rest.length ? first! : first!.replace(/\.[mc]?ts$/, '');
}

/** Each area's imports of other areas, type-only and dynamic imports included, with the files that make them. */
function areaEdges(srcDir: string, files: Map<string, string>): Map<string, Map<string, string[]>> {
  const edges = new Map<string, Map<string, string[]>>();
  for (const [file, source] of files) {
    const from = areaOf(srcDir, file);
    for (const { fileName } of ts.preProcessFile(source, true, true).importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const to = areaOf(srcDir, path.resolve(path.dirname(file), fileName));
      if (to === from || to.startsWith('..')) continue;
      const targets = edges.get(from) ?? edges.set(from, new Map()).get(from)!;
      (targets.get(to) ?? targets.set(to, []).get(to)!).push(path.relative(srcDir, file));
    }
  }
  return edges;
}

/** The groups of areas that import each other in a circle (Tarjan's strongly connected components). */
function areaCycles(edges: Map<string, Map<string, string[]>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    for (const w of edges.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const group = stack.splice(stack.indexOf(v));
      if (group.length > 1) cycles.push(group.sort());
    }
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
  return cycles;
}

function readTree(dir: string, out = new Map<string, string>()): Map<string, string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) readTree(full, out);
    else if (/\.[mc]?ts$/.test(entry.name)) out.set(full, fs.readFileSync(full, 'utf8'));
  }
  return out;
}

describe('core areas', () => {
  test('the check finds a circle of areas made by a type import', () => {
    const src = '/x/src';
    const files = new Map([
      [`${src}/sources/trust.ts`, "import type { TrustTier } from '../pipeline/evidence.js';\n"],
      [`${src}/pipeline/evidence.ts`, 'export type TrustTier = string;\n'],
      [`${src}/pipeline/run.ts`, "import { tierOf } from '../sources/trust.js';\nimport { x } from './evidence.js';\n"],
      [
        `${src}/wiki/status.ts`,
        "import { migrate } from '../db/migrate.js';\nconst m = await import('../search/index.js');\n",
      ],
      [`${src}/search/index.ts`, "export * from '../db/types.js';\n"],
    ]);
    const edges = areaEdges(src, files);
    assert.deepEqual(
      edges.get('wiki'),
      new Map([
        ['db', ['wiki/status.ts']],
        ['search', ['wiki/status.ts']],
      ]),
    );
    assert.deepEqual(areaCycles(edges), [['pipeline', 'sources']]);
  });

  test('no two areas of packages/core/src import each other, even through others', () => {
    const src = path.join(root, 'packages/core/src');
    const edges = areaEdges(src, readTree(src));
    const cycles = areaCycles(edges);
    const explain = cycles.map((group) =>
      group
        .flatMap((a) =>
          [...(edges.get(a) ?? [])]
            .filter(([b]) => group.includes(b))
            .map(([b, why]) => `${a} → ${b} (${[...new Set(why)].join(', ')})`),
        )
        .join('; '),
    );
    assert.deepEqual(explain, [], 'move the shared piece down to a module both import');
  });
});
