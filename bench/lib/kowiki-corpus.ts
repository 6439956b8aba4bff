import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '@olala/core';
import { convertWikiExtractor } from '@olala/core/wiki';

/**
 * The shared kowiki extract converted to the two-CSV dump format, cached under
 * `.tmp/bench/converted-<key>`. The key (sources' sizes and mtimes plus the converter's source)
 * is the one bench/import.ts uses, so both benchmarks share one conversion.
 */

export interface Corpus {
  pagesFile: string;
  chunksFile: string;
  pages: number;
  chunks: number;
  bytes: number;
}

export function filesUnder(p: string, out: string[] = []): string[] {
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) out.push(p);
  else for (const entry of fs.readdirSync(p).sort()) filesUnder(path.join(p, entry), out);
  return out;
}

export async function convertedCorpus(root: string, sources: string[], log: (msg: string) => void): Promise<Corpus> {
  for (const s of sources) {
    if (!fs.existsSync(s))
      throw new UserError(
        `--source: ${s} does not exist (the benchmark needs the Korean Wikipedia extract in ../shared/data/kowiki)`,
      );
  }
  const hash = createHash('sha256');
  for (const f of sources.flatMap((s) => filesUnder(path.resolve(s)))) {
    const st = fs.statSync(f);
    hash.update(`${f}:${st.size}:${st.mtimeMs}\n`);
  }
  hash.update(fs.readFileSync(path.join(root, 'packages/core/src/wiki/convert.ts')));
  const outDir = path.join(root, '.tmp', 'bench', `converted-${hash.digest('hex').slice(0, 16)}`);
  const stamp = path.join(outDir, 'done.json');
  if (fs.existsSync(stamp)) {
    log(`reusing converted CSV in ${path.relative(root, outDir)}`);
    return JSON.parse(fs.readFileSync(stamp, 'utf8')) as Corpus;
  }
  log(`converting ${sources.join(', ')} to CSV …`);
  fs.rmSync(outDir, { recursive: true, force: true });
  const started = performance.now();
  const res = await convertWikiExtractor({ from: sources, outDir });
  const corpus: Corpus = {
    pagesFile: res.pagesFile,
    chunksFile: res.chunksFile,
    pages: res.pages,
    chunks: res.chunks,
    bytes: fs.statSync(res.pagesFile).size + fs.statSync(res.chunksFile).size,
  };
  log(
    `converted ${corpus.pages} pages, ${corpus.chunks} chunks in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  fs.writeFileSync(stamp, JSON.stringify(corpus));
  return corpus;
}
