import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { loadConfig, openDb, UserError, type Config, type Db } from '@olala/core';
import { createTruthService } from '@olala/core/truth';
import {
  readEvalItems,
  type EvalItem,
  buildReport,
  type EvalReport,
  buildSetWiki,
  runEval,
  type RunEvalResult,
} from '@olala/core/eval';
import { fitCalibration, readCalibration } from '@olala/core/pipeline';
import { stderrLog, withDb } from '../lib/db.js';
import { stopOnSignals } from '../lib/interrupt.js';

/** Sets bundled in sample/eval (their licence and origin: sample/eval/ATTRIBUTION.md). */
export const BUNDLED_SETS = ['klue-wiki', 'boolq-dev'] as const;
const SETS_DIR = path.resolve(import.meta.dirname, '../../../../sample/eval');
const MAX_ITEMS_FLAG = 1_000_000;

interface EvalFlags {
  set?: string;
  wikiFromSet?: boolean;
  out?: string;
  maxItems?: number;
  calibration?: string;
  fitCalibration?: string;
  json?: boolean;
}

function positiveInteger(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > MAX_ITEMS_FLAG)
    throw new InvalidArgumentError(`expected an integer from 1 to ${MAX_ITEMS_FLAG}`);
  return Number(value);
}

function source(file: string | undefined, flags: EvalFlags): { name: string; file: string } {
  if (file !== undefined && flags.set !== undefined) throw new UserError('give either a JSONL file or --set, not both');
  if (flags.set !== undefined) {
    if (!(BUNDLED_SETS as readonly string[]).includes(flags.set))
      throw new UserError(`--set: unknown set "${flags.set}" (bundled: ${BUNDLED_SETS.join(', ')})`);
    return { name: flags.set, file: path.join(SETS_DIR, `${flags.set}.jsonl`) };
  }
  if (file === undefined)
    throw new UserError(`give a JSONL file of {claim, gold, evidence?} lines, or --set ${BUNDLED_SETS.join('|')}`);
  return { name: path.basename(file).replace(/\.jsonl?$/i, ''), file };
}

/** A throwaway embedded database holding only the set's passages; removed afterwards. */
async function withSetWiki<T>(
  items: readonly EvalItem[],
  fn: (db: Db, config: Config, pages: Map<string, number>) => Promise<T>,
): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'olala-eval-'));
  try {
    const config = loadConfig({ ...process.env, OLALA_DATA_DIR: dir, DATABASE_URL: '', DATABASE_READ_URL: '' });
    // A fresh database: its migration log says nothing the operator needs.
    const db = await openDb(config, {
      command: 'olala eval',
      log: { info: () => {}, warn: stderrLog.warn },
      migrate: true,
    });
    try {
      const pages = await buildSetWiki(db, items, dir);
      return await fn(db, config, pages);
    } finally {
      await db.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `olala eval`: how right the configured verdicts are on a labelled set of claims. */
export function register(program: Command): void {
  program
    .command('eval')
    .description(
      'run a labelled set of claims through the pipeline as configured and report precision, recall, unsafe rate, calibration, evidence hits and latency; resumable',
    )
    .argument(
      '[file]',
      'JSONL, one {"claim", "gold": TRUE|FALSE|UNVERIFIED, "evidence"?: passage title or text} per line',
    )
    .option('--set <name>', `a bundled set instead of a file: ${BUNDLED_SETS.join(', ')}`)
    .option(
      '--wiki-from-set',
      "check against a throwaway wiki of the set's passages (embedded database in a temporary folder) instead of the configured wiki",
    )
    .option(
      '--out <file>',
      'state file: results are appended as JSON lines; an existing one is resumed (default ./olala-eval-<set>.jsonl)',
    )
    .option('--max-items <n>', 'run at most n new items, then report (run again to continue)', positiveInteger)
    .option('--calibration <file>', 'also report ECE of confidences calibrated with this table')
    .option('--fit-calibration <file>', "write a calibration table fitted on this run's answers")
    .option('--json', 'print the report as one JSON object; progress as JSON lines on stderr')
    .showHelpAfterError()
    .exitOverride()
    .action(async (file: string | undefined, flags: EvalFlags) => {
      const set = source(file, flags);
      const items = readEvalItems(set.file);
      const calibration = flags.calibration !== undefined ? readCalibration(flags.calibration) : undefined;
      const statePath = path.resolve(flags.out ?? `olala-eval-${set.name}.jsonl`);
      const signal = stopOnSignals('stopping after the item in flight; run again with the same --out to resume…');
      const run = (db: Db, config: Config, pages?: Map<string, number>) =>
        runEval({
          // The server's pipeline as the truth service sets it up (news and its full text included),
          // run bare: eval scores verdicts and stores nothing. A set's own wiki stands alone.
          deps: createTruthService(config, db, { news: !pages }).deps,
          items,
          set: set.name,
          statePath,
          passagePages: pages,
          maxItems: flags.maxItems,
          signal,
          progress: flags.json ? 'json' : true,
        });
      let result: RunEvalResult;
      try {
        result = flags.wikiFromSet
          ? await withSetWiki(items, run)
          : await withDb('eval', (db) => run(db, loadConfig()));
      } finally {
        signal.release();
      }
      const report = buildReport(result.records, calibration);
      if (flags.fitCalibration !== undefined) {
        const table = fitCalibration(
          result.records.map((r) => ({ label: r.label, confidence: r.confidence, correct: r.label === r.gold })),
          {
            models: result.models,
            fitted_on: `${set.name} (${result.records.length} items, ${flags.wikiFromSet ? "the set's passages as the wiki" : 'the configured wiki'})`,
          },
        );
        fs.writeFileSync(flags.fitCalibration, `${JSON.stringify(table, null, 2)}\n`);
      }
      const meta = {
        set: set.name,
        items: items.length,
        models: result.models,
        wiki: flags.wikiFromSet ? 'set' : 'configured',
        state: statePath,
        resumed: result.resumed,
        computed: result.computed,
        remaining: result.remaining,
        stopped: result.stopped,
      };
      process.stdout.write(flags.json ? `${JSON.stringify({ ...meta, ...report })}\n` : formatReport(meta, report));
      if (result.stopped) process.exit(130);
    });
}

const fixed = (x: number | null, digits = 3) => (x === null ? '—' : x.toFixed(digits));

function formatReport(
  meta: {
    set: string;
    items: number;
    models: string;
    wiki: string;
    state: string;
    resumed: number;
    computed: number;
    remaining: number;
    stopped: boolean;
  },
  r: EvalReport,
): string {
  const lines = [
    `set: ${meta.set} (${meta.items} items; ${meta.computed} run now, ${meta.resumed} from ${meta.state})`,
    `models: ${meta.models}; wiki: ${meta.wiki === 'set' ? "the set's passages" : 'the configured one'}`,
    `answers: ${Object.entries(r.labels)
      .map(([l, n]) => `${l} ${n}`)
      .join(', ')}${r.errors ? ` (${r.errors} crashed, counted as UNVERIFIED)` : ''}`,
    '',
    'label        precision  recall   gold  answered',
    ...(['TRUE', 'FALSE', 'UNVERIFIED'] as const).map((l) => {
      const f = r.per_label[l];
      return `${l.padEnd(12)} ${fixed(f.precision).padStart(9)} ${fixed(f.recall).padStart(7)} ${String(f.gold).padStart(6)} ${String(f.predicted).padStart(9)}`;
    }),
    '',
    `unsafe rate (gold FALSE answered TRUE): ${fixed(r.unsafe_rate)} (${r.unsafe} of ${r.per_label.FALSE.gold})`,
    `decided right (TRUE/FALSE and right, over all items): ${fixed(r.decided_right)} (${r.decided} decided)`,
    `accuracy ${fixed(r.accuracy)}, macro-F1 ${fixed(r.macro_f1)}`,
    `expected calibration error: ${fixed(r.ece)}${r.calibrated ? `; calibrated: ${fixed(r.calibrated.ece)}` : ''}`,
    'confidence   count  mean conf  accuracy (decided answers)',
    ...r.reliability
      .filter((b) => b.count > 0)
      .map(
        (b) =>
          `${b.lo.toFixed(1)}–${b.hi.toFixed(1)}   ${String(b.count).padStart(6)} ${fixed(b.mean_confidence).padStart(10)} ${fixed(b.accuracy).padStart(9)}`,
      ),
    `confidence floor for precision ≥ ${r.confidence_floor.target}: ${r.confidence_floor.all ? `${r.confidence_floor.all.min_confidence} (keeps ${r.confidence_floor.all.kept})` : 'none reaches it'}`,
    `evidence hit: ${fixed(r.evidence_hit)} (${r.evidence_items} items name a passage)`,
    `latency: p50 ${fixed(r.latency_p50_ms, 0)} ms, p95 ${fixed(r.latency_p95_ms, 0)} ms`,
  ];
  if (meta.stopped) lines.push(`stopped: ${meta.remaining} items left; run again with the same --out to resume`);
  else if (meta.remaining > 0)
    lines.push(`${meta.remaining} items left (--max-items); run again with the same --out to continue`);
  return `${lines.join('\n')}\n`;
}
