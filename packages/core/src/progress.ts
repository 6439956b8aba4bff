import cliProgress from 'cli-progress';

export interface ProgressOptions {
  label: string;
  /** Total work in `unit`s; unknown totals show no percentage or ETA. */
  total?: number;
  unit?: 'bytes' | 'rows';
  /** Defaults to process.stderr, so stdout stays machine-readable. */
  stream?: NodeJS.WriteStream;
  /** Force JSON lines even on a terminal. */
  json?: boolean;
  silent?: boolean;
}

export interface Progress {
  /** `done` is in the progress unit; `rows` counts records when the unit is bytes. */
  update(done: number, extra?: { rows?: number }): void;
  finish(): void;
}

const JSON_INTERVAL_MS = 1000;
const MB = 1024 * 1024;

function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** What observers of progress see, about once a second and at the end, even of a silent report. */
export interface ProgressSnapshot {
  event: 'progress' | 'done';
  label: string;
  unit: 'bytes' | 'rows';
  done: number;
  total?: number;
  /** `unit`s per second since the start. */
  rate: number;
  eta_s?: number;
  elapsed_s: number;
}

export type ProgressObserver = (snapshot: ProgressSnapshot) => void;

const observers = new Set<ProgressObserver>();

/**
 * Sees every progress report of this process, silent ones included, so that a long job can be
 * published (the lexical index build's record in the data folder, the start-up import's log)
 * without its code knowing who watches. Returns the function that stops observing.
 */
export function observeProgress(observer: ProgressObserver): () => void {
  observers.add(observer);
  return () => observers.delete(observer);
}

/**
 * A progress report for long jobs: a bar on a terminal, and otherwise one JSON line about
 * once a second, which logs and supervising processes (and tests) can parse.
 */
export function createProgress(opts: ProgressOptions): Progress {
  const output = createOutput(opts);
  if (observers.size === 0) return output;
  const unit = opts.unit ?? 'rows';
  const started = Date.now();
  let done = 0;
  let lastSent = 0;
  let finished = false;
  const send = (event: ProgressSnapshot['event']) => {
    const seconds = Math.max((Date.now() - started) / 1000, 1e-3);
    const rate = done / seconds;
    const snapshot: ProgressSnapshot = { event, label: opts.label, unit, done, rate, elapsed_s: round(seconds, 2) };
    if (opts.total !== undefined) snapshot.total = opts.total;
    if (event === 'progress' && opts.total && rate > 0) snapshot.eta_s = round(Math.max(0, (opts.total - done) / rate));
    for (const observer of observers) {
      try {
        observer(snapshot);
      } catch {
        // An observer is a bystander: its failure must not stop the job it watches.
      }
    }
  };
  return {
    update(value, extra) {
      output.update(value, extra);
      done = value;
      const now = Date.now();
      if (now - lastSent >= JSON_INTERVAL_MS) {
        lastSent = now;
        send('progress');
      }
    },
    finish() {
      output.finish();
      if (finished) return;
      finished = true;
      send('done');
    },
  };
}

function createOutput(opts: ProgressOptions): Progress {
  if (opts.silent) return { update() {}, finish() {} };
  const stream = opts.stream ?? process.stderr;
  const unit = opts.unit ?? 'rows';
  const started = Date.now();
  let done = 0;
  let rows: number | undefined;

  const rates = () => {
    const seconds = Math.max((Date.now() - started) / 1000, 1e-3);
    const perSecond = done / seconds;
    const eta = opts.total && perSecond > 0 ? Math.max(0, (opts.total - done) / perSecond) : undefined;
    return { seconds, perSecond, eta };
  };

  if (opts.json || !stream.isTTY) {
    let lastWrite = 0;
    let finished = false;
    const write = (event: 'progress' | 'done') => {
      const { seconds, perSecond, eta } = rates();
      const line: Record<string, unknown> = { event, label: opts.label, done, unit };
      if (opts.total !== undefined) line.total = opts.total;
      if (rows !== undefined) line.rows = rows;
      if (unit === 'bytes') line.rate_mb_s = round(perSecond / MB, 2);
      else line.rate_rows_s = Math.round(perSecond);
      if (event === 'progress' && eta !== undefined) line.eta_s = round(eta);
      if (event === 'done') line.elapsed_s = round(seconds, 2);
      stream.write(`${JSON.stringify(line)}\n`);
    };
    return {
      update(value, extra) {
        done = value;
        if (extra?.rows !== undefined) rows = extra.rows;
        const now = Date.now();
        if (now - lastWrite >= JSON_INTERVAL_MS) {
          lastWrite = now;
          write('progress');
        }
      },
      finish() {
        if (finished) return;
        finished = true;
        write('done');
      },
    };
  }

  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: opts.total
        ? `${opts.label} [{bar}] {percentage}% | {rows} rows | {rate} | ETA {eta_formatted}`
        : `${opts.label} | {rows} rows | {rate}`,
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 50,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(opts.total ?? 0, 0, { rows: 0, rate: '' });
  let finished = false;
  return {
    update(value, extra) {
      done = value;
      if (extra?.rows !== undefined) rows = extra.rows;
      const { perSecond } = rates();
      const rate = unit === 'bytes' ? `${(perSecond / MB).toFixed(1)} MB/s` : `${Math.round(perSecond)} rows/s`;
      bar.update(value, { rows: (rows ?? (unit === 'rows' ? done : 0)).toLocaleString('en-US'), rate });
    },
    finish() {
      if (finished) return;
      finished = true;
      if (opts.total) bar.update(opts.total);
      bar.stop();
    },
  };
}
