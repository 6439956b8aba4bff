// `npm run bench:ocr -- [--json] [--per-layout 10]`: our OCR (tesseract.js + preprocessing + the
// screen-furniture rules) against Debian's `tesseract` CLI with `kor`, on screenshots Chromium
// renders from Korean text (apps/web/test/e2e/ocr-layouts.ts: chat, news, dark mode, small
// print), the source text being the gold. Reports character error rates per layout, our latency
// per image (decode + preprocessing + recognition, one warm worker), the worker's start-up time,
// memory, and the load average beside them (the machine is shared).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { loadConfig } from '@olala/core';
import { OcrService, contentOf } from '@olala/core/ocr';
import { CHROMIUM, chromiumNeed, ensureSystemPackages } from '../scripts/system-deps.mjs';
import {
  ARTICLES,
  CHATS,
  cer,
  LAYOUTS,
  renderSample,
  type Layout,
  type Sample,
} from '../apps/web/test/e2e/ocr-layouts.js';
import { benchArgs, integerFlag, percentile, printReport, runBench } from './lib/cli.js';

const USAGE = 'usage: npm run -s bench:ocr -- [--json] [--per-layout 10]';
const KOR_TRAINEDDATA = [
  '/usr/share/tesseract-ocr/5/tessdata/kor.traineddata',
  '/usr/share/tesseract-ocr/4.00/tessdata/kor.traineddata',
];

const tesseractNeed = () => ({
  what: "Debian's tesseract CLI with the Korean model, the benchmark's reference",
  check: () => fs.existsSync('/usr/bin/tesseract') && KOR_TRAINEDDATA.some((f) => fs.existsSync(f)),
  packages: ['tesseract-ocr', 'tesseract-ocr-kor'],
});

/** Each line through the same furniture rules as ours, so the comparison is of reading, not of filtering. */
function cliRead(png: Buffer, dir: string): { text: string; ms: number } {
  const file = path.join(dir, 'in.png');
  fs.writeFileSync(file, png);
  const t0 = performance.now();
  const res = spawnSync('tesseract', [file, 'stdout', '-l', 'kor'], {
    encoding: 'utf8',
    env: { ...process.env, OMP_THREAD_LIMIT: '1' },
  });
  const ms = performance.now() - t0;
  if (res.status !== 0) throw new Error(`tesseract failed: ${res.stderr}`);
  const lines = res.stdout.split('\n').flatMap((l) => contentOf(l) ?? []);
  return { text: lines.join('\n'), ms };
}

interface Score {
  edits: number;
  chars: number;
}
const add = (s: Score, read: string, gold: string) => {
  const chars = gold.replace(/\s+/g, '').length;
  s.edits += cer(read, gold) * chars;
  s.chars += chars;
};
const rate = (s: Score) => Math.round((s.edits / Math.max(1, s.chars)) * 10000) / 10000;

async function main() {
  const values = benchArgs({ 'per-layout': { type: 'string', default: '10' } });
  const perLayout = integerFlag('per-layout', values['per-layout'], 1, 100);
  ensureSystemPackages([chromiumNeed(), tesseractNeed()]);

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  const samples: Sample[] = [];
  try {
    for (const layout of LAYOUTS) {
      const texts = layout === 'chat' || layout === 'dark' ? CHATS : ARTICLES;
      for (let i = 0; i < perLayout; i++) samples.push(await renderSample(browser, layout, texts[i % texts.length]!));
    }
  } finally {
    await browser.close();
  }

  // The server's settings (OLALA_OCR_LANGS …), with one worker and a budget no image reaches.
  const ocr = new OcrService({ ...loadConfig().ocr, workers: 1, timeoutMs: 120_000 });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'olala-bench-ocr-'));
  const load = os.loadavg();
  const ours: Record<string, Score> = {};
  const cli: Record<string, Score> = {};
  const total = { ours: { edits: 0, chars: 0 }, cli: { edits: 0, chars: 0 } };
  const ms: number[] = [];
  const cliMs: number[] = [];
  try {
    const t0 = performance.now();
    await ocr.pool.warm();
    const workerStartMs = Math.round(performance.now() - t0);
    for (const s of samples) {
      const t = performance.now();
      const result = await ocr.recognize(await ocr.prepare(s.png));
      ms.push(performance.now() - t);
      add((ours[s.layout] ??= { edits: 0, chars: 0 }), result.text, s.gold);
      add(total.ours, result.text, s.gold);
      const ref = cliRead(s.png, tmp);
      cliMs.push(ref.ms);
      add((cli[s.layout] ??= { edits: 0, chars: 0 }), ref.text, s.gold);
      add(total.cli, ref.text, s.gold);
    }
    ms.sort((a, b) => a - b);
    cliMs.sort((a, b) => a - b);
    const report = {
      images: samples.length,
      langs: ocr.config.langs.join('+'),
      layouts: LAYOUTS,
      cer_ours: rate(total.ours),
      cer_cli: rate(total.cli),
      cer_by_layout: Object.fromEntries(LAYOUTS.map((l: Layout) => [l, { ours: rate(ours[l]!), cli: rate(cli[l]!) }])),
      ocr_p50_ms: Math.round(percentile(ms, 50)),
      ocr_p95_ms: Math.round(percentile(ms, 95)),
      cli_p50_ms: Math.round(percentile(cliMs, 50)),
      worker_start_ms: workerStartMs,
      rss_mb: Math.round(process.memoryUsage().rss / 1024 / 1024),
      image_px: `${samples[0] ? `${samples[0].png.readUInt32BE(16)}×${samples[0].png.readUInt32BE(20)}` : ''} (chat, news, dark at 2×; small at 1×)`,
      cpus: os.cpus().length,
      load_avg: load.map((l) => Math.round(l * 100) / 100),
      load_avg_after: os.loadavg().map((l) => Math.round(l * 100) / 100),
    };
    printReport(report, {
      json: values.json,
      summary: () =>
        [
          `OCR on ${report.images} screenshots (${perLayout} per layout), load ${report.load_avg.join(' ')} on ${report.cpus} cores`,
          `CER ours ${(report.cer_ours * 100).toFixed(1)} %, Debian tesseract CLI (kor) ${(report.cer_cli * 100).toFixed(1)} %`,
          ...LAYOUTS.map(
            (l) =>
              `  ${l.padEnd(6)} ours ${(report.cer_by_layout[l]!.ours * 100).toFixed(1)} %  cli ${(report.cer_by_layout[l]!.cli * 100).toFixed(1)} %`,
          ),
          `latency p50 ${report.ocr_p50_ms} ms, p95 ${report.ocr_p95_ms} ms (CLI p50 ${report.cli_p50_ms} ms, its own start-up included); worker start ${report.worker_start_ms} ms; RSS ${report.rss_mb} MB`,
        ].join('\n') + '\n',
    });
  } finally {
    await ocr.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

await runBench(main, USAGE);
