// `npm run bench:readback -- [--pages N] [--seed S] [--show N] [--json]`: the whole no-LLM
// pipeline on kowiki read back to itself. The shared kowiki extract is imported as the wiki (as a
// user's would be); from the lead of N pages drawn at random (seeded), every plain sentence that
// names its page is a true claim, and each is made false in up to four ways a fake would be: a
// year moved by 3, a count moved by 2, its verb or copula denied, another country. What it
// measures is what a reader must never see: a page's own sentence called FALSE or MIXED, and a
// false sibling called TRUE — and how often the false ones are caught (FALSE). The variants are
// mechanical, so a few are not false (a year said twice) or not Korean; read `--show`'s list
// before blaming the rules. Not a tuning set: nothing is fitted on it.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse';
import { openDb } from '@olala/core';
import { falseSiblings, runEval, type EvalItem } from '@olala/core/eval';
import { createPipelineDeps, splitSentences } from '@olala/core/pipeline';
import { importWiki } from '@olala/core/wiki';
import {
  benchArgs,
  embeddedConfig,
  integerFlag,
  machine,
  printReport,
  ROOT,
  runBench,
  scratchDir,
  sharedData,
} from './lib/cli.js';
import { convertedCorpus } from './lib/kowiki-corpus.js';

const USAGE = `usage: npm run bench:readback -- [options]
  --pages <n>   pages whose lead sentences are read back (default 600)
  --seed <n>    which pages (default 7)
  --show <n>    list up to n wrong answers (default 20)
  --json        the figures as JSON on stdout instead of the summary`;

async function readCsv(file: string, each: (row: Record<string, string>) => void): Promise<void> {
  for await (const row of fs.createReadStream(file).pipe(parse({ columns: true }))) each(row as Record<string, string>);
}

async function main(): Promise<void> {
  const values = benchArgs({
    pages: { type: 'string', default: '600' },
    seed: { type: 'string', default: '7' },
    show: { type: 'string', default: '20' },
  });
  const pages = integerFlag('pages', values.pages, 1, 100_000);
  let seed = integerFlag('seed', values.seed, 0, 2 ** 31 - 1);
  const show = integerFlag('show', values.show, 0);
  const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);
  const corpus = await convertedCorpus(ROOT, [path.join(sharedData('kowiki'), 'kowiki')], log);

  const titles = new Map<string, string>();
  const leads = new Map<string, string>();
  await readCsv(corpus.pagesFile, (r) => titles.set(r.page_id!, r.title!));
  await readCsv(corpus.chunksFile, (r) => {
    if (r.chunk_idx === '0') leads.set(r.page_id!, r.content!);
  });
  // A fixed linear congruential draw, so a seed names the same pages on every machine.
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const ids = [...leads.keys()];
  const drawn = new Set<string>();
  const items: EvalItem[] = [];
  while (drawn.size < Math.min(pages, ids.length)) {
    const id = ids[Math.floor(random() * ids.length)]!;
    if (drawn.has(id)) continue;
    drawn.add(id);
    const title = titles.get(id) ?? '';
    const name = title.replace(/\s*\(.*\)$/, '');
    for (const { text } of splitSentences(leads.get(id)!).slice(0, 4)) {
      // As a reader would quote it: glosses in brackets left out.
      const claim = text
        .replace(/\s*\([^()]*\)/g, '')
        .replace(/\s+/g, ' ')
        .trim();
      if (
        claim.length < 12 ||
        claim.length > 140 ||
        !claim.endsWith('다.') ||
        !claim.includes(name) ||
        /[()]/.test(claim)
      )
        continue;
      items.push({ id: `true:${items.length}`, claim, gold: 'TRUE', evidence: title });
      for (const [way, variant] of falseSiblings(claim, name))
        items.push({ id: `${way}:${items.length}`, claim: variant, gold: 'FALSE', evidence: title });
    }
  }

  const { dir, remove } = scratchDir('readback');
  try {
    const config = embeddedConfig(dir);
    const db = await openDb(config, { command: 'bench readback', migrate: true });
    try {
      log(`importing ${corpus.pages} pages, ${corpus.chunks} chunks of kowiki …`);
      await importWiki(db, {
        pagesFile: corpus.pagesFile,
        chunksFile: corpus.chunksFile,
        mode: 'replace',
        progress: false,
      });
      log(`${items.length} claims from ${drawn.size} pages …`);
      const started = performance.now();
      const { records } = await runEval({
        // The one set-up the server and `olala eval` use, without news: the wiki is what is measured.
        deps: createPipelineDeps(config, db, { news: false }),
        items,
        set: `kowiki-readback-${values.pages}-${values.seed}`,
        statePath: path.join(dir, 'readback.jsonl'),
        progress: values.json ? 'json' : true,
      });
      const byWay: Record<string, Record<string, number>> = {};
      const wrong: string[] = [];
      for (const r of records) {
        const way = r.id!.split(':')[0]!;
        const labels = (byWay[way] ??= {});
        labels[r.label] = (labels[r.label] ?? 0) + 1;
        const misled = r.gold === 'TRUE' ? r.label === 'FALSE' || r.label === 'MIXED' : r.label === 'TRUE';
        if (misled) wrong.push(`${way} → ${r.label}: ${items[r.i]!.claim}`);
      }
      const share = (n: number, of: number) => (of === 0 ? null : Math.round((n / of) * 10_000) / 10_000);
      const trueOnes = records.filter((r) => r.gold === 'TRUE');
      const falseOnes = records.filter((r) => r.gold === 'FALSE');
      const shown = records.filter((r) => r.evidence_hit !== null);
      const report = {
        pages: drawn.size,
        seed: values.seed,
        claims: records.length,
        true_claims: trueOnes.length,
        false_claims: falseOnes.length,
        // The two ways a reader is misled, and the two the checker is for.
        true_contradicted_rate: share(
          trueOnes.filter((r) => r.label === 'FALSE' || r.label === 'MIXED').length,
          trueOnes.length,
        ),
        false_called_true_rate: share(falseOnes.filter((r) => r.label === 'TRUE').length, falseOnes.length),
        true_stated_rate: share(trueOnes.filter((r) => r.label === 'TRUE').length, trueOnes.length),
        false_caught_rate: share(falseOnes.filter((r) => r.label === 'FALSE').length, falseOnes.length),
        evidence_hit: share(shown.filter((r) => r.evidence_hit).length, shown.length),
        labels_by_way: byWay,
        wrong: wrong.slice(0, show),
        seconds: Math.round((performance.now() - started) / 100) / 10,
        machine: machine(),
      };
      printReport(report, {
        json: values.json,
        summary: () =>
          [
            `kowiki read back: ${report.claims} claims (${report.true_claims} true, ${report.false_claims} made false) from ${report.pages} pages, seed ${report.seed}`,
            `  true called FALSE or MIXED: ${report.true_contradicted_rate}; false called TRUE: ${report.false_called_true_rate}`,
            `  true called TRUE: ${report.true_stated_rate}; false called FALSE: ${report.false_caught_rate}; page shown: ${report.evidence_hit}`,
            ...Object.entries(byWay).map(([way, labels]) => `  ${way.padEnd(8)} ${JSON.stringify(labels)}`),
            ...(wrong.length ? ['wrong:', ...report.wrong.map((w) => `  ${w}`)] : []),
          ].join('\n') + '\n',
      });
    } finally {
      await db.close();
    }
  } finally {
    remove();
  }
}

await runBench(main, USAGE);
