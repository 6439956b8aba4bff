// Builds the bundled eval sets (sample/eval/*.jsonl) from ../shared/data, reproducibly:
//   klue-wiki.jsonl  200 KLUE-NLI dev items with a Wikipedia premise, from the odd-index
//                    (held-out) half: hypothesis → claim, premise → evidence
//   boolq-dev.jsonl  200 KoBEST BoolQ dev items (every 7th and the one after it), the question
//                    rewritten as a statement whose truth is the answer, the passage → evidence
//
//   node --import tsx scripts/make-eval-sets.ts [--out DIR] [--boolq-train FILE]
//
// --boolq-train also writes every BoolQ train statement to FILE (not bundled): the set the
// calibration table is fitted on (docs/eval.md).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type EvalItem, loadBoolq, loadKlueWiki } from '@olala/core/eval';
import { sharedDataDir } from '@olala/testing';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    out: { type: 'string', default: path.join(root, 'sample', 'eval') },
    'boolq-train': { type: 'string' },
  },
});

const SLICE = 200;
const jsonl = (items: readonly EvalItem[]) => items.map((i) => JSON.stringify(i)).join('\n') + '\n';

function write(file: string, items: readonly EvalItem[]): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, jsonl(items));
  const gold = items.reduce<Record<string, number>>((m, i) => ((m[i.gold] = (m[i.gold] ?? 0) + 1), m), {});
  process.stderr.write(`${path.relative(process.cwd(), file)}: ${items.length} items ${JSON.stringify(gold)}\n`);
}

const dir = sharedDataDir();
const klue = loadKlueWiki(dir)
  .filter((x) => x.index % 2 === 1)
  .slice(0, SLICE)
  .map((x) => x.item);
write(path.join(args.out, 'klue-wiki.jsonl'), klue);

const dev = loadBoolq(dir, 'dev');
if (dev.skipped.length)
  process.stderr.write(
    `BoolQ dev: ${dev.skipped.length} questions not rewritten: ${dev.skipped.slice(0, 5).join(' | ')}\n`,
  );
write(path.join(args.out, 'boolq-dev.jsonl'), dev.items.filter((_, i) => i % 7 < 2).slice(0, SLICE));

if (args['boolq-train']) {
  const train = loadBoolq(dir, 'train');
  if (train.skipped.length) process.stderr.write(`BoolQ train: ${train.skipped.length} questions not rewritten\n`);
  write(path.resolve(args['boolq-train']), train.items);
}
