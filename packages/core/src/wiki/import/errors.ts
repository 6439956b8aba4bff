import fs from 'node:fs';
import { once } from 'node:events';
import { UserError } from '../../errors.js';

export interface RowError {
  file: string;
  line: number;
  reason: string;
}

const SHOWN = 10;
const KEPT = 1000;

function csvField(s: string): string {
  return `"${s.replaceAll('"', '""')}"`;
}

/**
 * Counts bad rows and writes them to the rejects file as they come, so memory does not grow
 * with --max-errors. One over the limit stops the import.
 */
export class ImportErrors {
  count = 0;
  private readonly kept: RowError[] = [];
  private out: fs.WriteStream | undefined;

  /** `refused` opens the message that stops the run; `items` names what the errors are in. */
  constructor(
    readonly maxErrors: number,
    readonly rejectsFile: string | undefined,
    private readonly wording = { refused: 'import refused, the wiki is unchanged', items: 'rows' },
  ) {}

  add(file: string, line: number, reason: string, raw: string): void {
    this.count++;
    if (this.kept.length < KEPT) this.kept.push({ file, line, reason });
    if (this.rejectsFile) {
      if (!this.out) {
        this.out = fs.createWriteStream(this.rejectsFile);
        this.out.write('file,line,reason,record\n');
      }
      this.out.write(`${csvField(file)},${line},${csvField(reason)},${csvField(raw)}\n`);
    }
    if (this.count > this.maxErrors) throw this.tooMany();
  }

  /** How many more errors the SQL checks may report before the limit is passed. */
  get room(): number {
    return this.maxErrors - this.count + 1;
  }

  tooMany(): UserError {
    const order = (e: RowError) => e.file;
    const files = [...new Set(this.kept.map(order))];
    const shown = [...this.kept]
      .sort((a, b) => files.indexOf(a.file) - files.indexOf(b.file) || a.line - b.line)
      .slice(0, SHOWN)
      .map((e) => `  ${e.file}:${e.line}: ${e.reason}`);
    const { refused, items } = this.wording;
    const limit =
      this.maxErrors === 0
        ? `no bad ${items} are allowed (see --max-errors)`
        : `more than --max-errors ${this.maxErrors} bad ${items}`;
    return new UserError(
      `${refused}: ${limit}. First errors:\n${shown.join('\n')}` +
        (this.count > SHOWN ? `\n  … and more` : '') +
        (this.rejectsFile && this.out ? `\nrejected ${items} so far are in ${this.rejectsFile}` : ''),
    );
  }

  /** Flushes the rejects file; returns its path when it has rows. */
  async close(): Promise<string | undefined> {
    if (!this.out) return undefined;
    const out = this.out;
    this.out = undefined;
    out.end();
    await once(out, 'close');
    return this.rejectsFile;
  }
}
