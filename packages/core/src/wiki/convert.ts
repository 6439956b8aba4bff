import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { stringify, type Stringifier } from 'csv-stringify';
import { UserError } from '../errors.js';
import { ImportErrors } from './import/errors.js';

/**
 * Converts WikiExtractor output (`<doc id=… url=… title=…>` … `</doc>` blocks) into the two CSV
 * files `olala wiki import` reads. Everything streams: one doc is in memory at a time.
 *
 * A full dump has odd docs. One without a usable title is skipped like a stub and named in the
 * result. One that cannot be read (a broken <doc> tag, invalid UTF-8, a missing </doc>) is an
 * error: counted and written to the rejects file as `olala wiki import` does, and more than
 * maxErrors of them stop the run without output.
 */

export interface ConvertProgress {
  files: number;
  totalFiles: number;
  pages: number;
  chunks: number;
  bytes: number;
  totalBytes: number;
}

export interface ConvertOptions {
  /** WikiExtractor files and/or folders (walked recursively, in sorted order). */
  from: string[];
  outDir: string;
  /** Largest chunk, in UTF-16 code units (never fewer characters than PostgreSQL counts). */
  maxChars?: number;
  /** Docs with less text than this (after the repeated title) are stubs and skipped. */
  minChars?: number;
  /** Unreadable docs tolerated (skipped, written to the rejects file); one more fails the run. Default 0. */
  maxErrors?: number;
  /** Where unreadable docs go; default wiki-convert-rejects.csv in outDir when maxErrors > 0. */
  rejectsFile?: string;
  onProgress?: (p: ConvertProgress) => void;
}

export interface UntitledDoc {
  file: string;
  line: number;
  pageId: number;
}

export interface ConvertResult {
  pages: number;
  chunks: number;
  skippedStubs: number;
  skippedRedirects: number;
  /** Docs whose title is blank: counted here, the first UNTITLED_NAMED of them listed in `untitled`. */
  skippedUntitled: number;
  untitled: UntitledDoc[];
  /** Unreadable docs (and stray lines) skipped under maxErrors. */
  errors: number;
  /** Set when errors were written to it. */
  rejectsFile?: string;
  pagesFile: string;
  chunksFile: string;
}

export const DEFAULT_MAX_CHARS = 800;
export const DEFAULT_MIN_CHARS = 20;
/** A heading must fit in a chunk together with some of its text. */
export const MIN_MAX_CHARS = 100;
/** chunk_id = page_id * CHUNK_ID_STRIDE + chunk_idx: the same page gets the same ids in any run or subset. */
export const CHUNK_ID_STRIDE = 100_000;
export const UNTITLED_NAMED = 100;
// A title of nothing but these shows nothing: whitespace, invisible code points (BOM, zero-width
// spaces and joiners, Hangul fillers) and control characters.
const BLANK = /^[\s\p{Default_Ignorable_Code_Point}\p{Cc}]*$/u;

// WikiExtractor writes section headings as their own line with a period appended. Real
// sentences end in "다." or "요." or contain an inner sentence break, and headings are short.
const HEADING_MAX_CHARS = 60;
const REDIRECT = /^#\s*(redirect|넘겨주기)(?![a-z])/i;
// Sentence ends: "다.", "요.", ".", "?", "!" followed by whitespace (the first two are covered by ".").
const SENTENCE_BREAK = /(?<=[.?!])(\s+)/;

export function isHeading(line: string): boolean {
  return line.length <= HEADING_MAX_CHARS && line.endsWith('.') && !/[다요]\.$/.test(line) && !/[.?!]\s/.test(line);
}

/**
 * Splits one document's text (the lines after the title) into chunks of at most maxChars:
 * paragraphs are packed while they fit, headings are glued to the text that follows them,
 * and a paragraph too long for one chunk is cut at sentence ends, then anywhere.
 */
export function chunkText(paragraphs: string[], maxChars: number = DEFAULT_MAX_CHARS): string[] {
  const chunks: string[] = [];
  let current = '';
  let headings: string[] = [];
  const flush = () => {
    if (current) chunks.push(current);
    current = '';
  };
  const addParagraph = (paragraph: string) => {
    const prefix = headings.join('\n');
    headings = [];
    const block = prefix ? `${prefix}\n${paragraph}` : paragraph;
    if (current && current.length + 1 + block.length <= maxChars) {
      current += `\n${block}`;
      return;
    }
    flush();
    if (block.length <= maxChars) {
      current = block;
      return;
    }
    const pieces = splitLong(paragraph, maxChars, prefix ? maxChars - prefix.length - 1 : maxChars);
    if (prefix) pieces[0] = `${prefix}\n${pieces[0]}`;
    // The last piece stays open so that the next short paragraph can join it.
    current = pieces.pop() ?? '';
    chunks.push(...pieces);
  };

  for (const paragraph of paragraphs) {
    if (isHeading(paragraph)) {
      const pending = headings.reduce((n, h) => n + h.length + 1, 0);
      // A pile of "headings" too big to lead a chunk is really text.
      if (pending + paragraph.length > maxChars / 2) addParagraph(headings.splice(0).join('\n'));
      headings.push(paragraph);
    } else {
      addParagraph(paragraph);
    }
  }
  // Headings with nothing after them ("같이 보기.", "각주.") are dropped, unless they are all there is.
  if (headings.length && chunks.length === 0 && !current) addParagraph(headings.splice(0).join('\n'));
  flush();
  return chunks;
}

/** Cuts text into pieces of at most maxChars (the first at most firstMax) at sentence ends where possible. */
function splitLong(text: string, maxChars: number, firstMax: number): string[] {
  const pieces: string[] = [];
  let piece = '';
  const limit = () => (pieces.length === 0 ? firstMax : maxChars);
  const parts = text.split(SENTENCE_BREAK);
  for (let i = 0; i < parts.length; i += 2) {
    const sentence = parts[i] ?? '';
    const space = parts[i - 1] ?? '';
    if (!sentence) continue;
    if (piece && piece.length + space.length + sentence.length <= limit()) {
      piece += space + sentence;
      continue;
    }
    if (piece) pieces.push(piece);
    piece = sentence;
    while (piece.length > limit()) {
      const cut = hardCut(piece, limit());
      pieces.push(piece.slice(0, cut).trimEnd());
      piece = piece.slice(cut).trimStart();
    }
  }
  if (piece) pieces.push(piece);
  return pieces;
}

/** Where to cut a sentence longer than max: the last space in its second half, else at max. */
function hardCut(text: string, max: number): number {
  const space = text.lastIndexOf(' ', max);
  if (space > max / 2) return space;
  // Never separate the halves of a surrogate pair.
  const code = text.charCodeAt(max - 1);
  return code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
}

/** The files to read, in a stable order: folders are walked recursively, dotfiles ignored. */
export function listInputFiles(from: string[]): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    const entries = fs
      .readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) files.push(full);
    }
  };
  for (const input of from) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(input);
    } catch {
      throw new UserError(`${input}: no such file or folder`);
    }
    if (stat.isDirectory()) walk(input);
    else files.push(input);
  }
  const unique = [...new Map(files.map((f) => [path.resolve(f), f])).values()];
  if (unique.length === 0) throw new UserError(`no files to convert in ${from.join(', ')}`);
  return unique;
}

interface Line {
  text: string;
  lineNo: number;
  bytes: number;
  /** Why the line cannot be read (invalid UTF-8, a NUL byte); text is then a lenient decoding. */
  problem?: string;
}

/** Yields the lines of a file with 1-based numbers and their byte length, flagging invalid UTF-8 and NUL bytes. */
async function* readLines(file: string): AsyncGenerator<Line> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const lenient = new TextDecoder('utf-8');
  let lineNo = 0;
  let rest: Buffer = Buffer.alloc(0);
  const decode = (raw: Buffer): Line => {
    lineNo++;
    const bytes = raw.length + 1;
    if (raw.includes(0))
      return { text: lenient.decode(raw).replaceAll('\0', '\uFFFD'), lineNo, bytes, problem: 'NUL byte in the text' };
    try {
      return { text: decoder.decode(raw).replace(/\r$/, ''), lineNo, bytes };
    } catch {
      return { text: lenient.decode(raw), lineNo, bytes, problem: 'invalid UTF-8' };
    }
  };
  for await (const chunk of fs.createReadStream(file)) {
    let buf = rest.length ? Buffer.concat([rest, chunk as Buffer]) : (chunk as Buffer);
    let nl: number;
    while ((nl = buf.indexOf(10)) !== -1) {
      yield decode(buf.subarray(0, nl));
      buf = buf.subarray(nl + 1);
    }
    rest = Buffer.from(buf);
  }
  if (rest.length) yield decode(rest);
}

const ENTITIES: Record<string, string> = { amp: '&', quot: '"', apos: "'", lt: '<', gt: '>' };

/** WikiExtractor escapes attribute values like XML ("KT&amp;G"). */
function unescapeAttr(value: string): string {
  return value.replace(/&(amp|quot|apos|lt|gt|#\d+|#x[0-9a-f]+);/gi, (whole, name: string) => {
    if (name[0] !== '#') return ENTITIES[name.toLowerCase()] ?? whole;
    const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

export interface DocHeader {
  pageId: number;
  /** Blank (see isBlankTitle) when the tag has none or an invisible one. */
  title: string;
  rawTitle: string;
  url: string;
  lineNo: number;
}

export function isBlankTitle(title: string): boolean {
  return BLANK.test(title);
}

/** Reads a `<doc id=… url=… title=…>` line, or says why it cannot be read. */
function readDocHeader(line: string, lineNo: number): DocHeader | { problem: string } {
  const m = /^<doc(\s[^>]*)?>\s*$/.exec(line);
  if (!m) return { problem: 'malformed <doc> tag (expected <doc id="…" url="…" title="…">)' };
  const attrs = new Map<string, string>();
  for (const a of (m[1] ?? '').matchAll(/(\w+)="([^"]*)"/g)) attrs.set(a[1] ?? '', a[2] ?? '');
  const id = attrs.get('id');
  if (id === undefined) return { problem: '<doc> without an id' };
  if (!/^\d{1,15}$/.test(id) || Number(id) <= 0) return { problem: `<doc> id "${id}" is not a positive integer` };
  const rawTitle = attrs.get('title') ?? '';
  return {
    pageId: Number(id),
    title: unescapeAttr(rawTitle),
    rawTitle,
    url: unescapeAttr(attrs.get('url') ?? ''),
    lineNo,
  };
}

/** Parses a `<doc id=… url=… title=…>` line; `where` (file:line) prefixes any error. */
export function parseDocHeader(line: string, where: string, lineNo: number): DocHeader {
  const header = readDocHeader(line, lineNo);
  if ('problem' in header) throw new UserError(`${where}: ${header.problem}`);
  return header;
}

/** Writes one record, waiting when the file cannot keep up so memory stays flat. */
async function writeRecord(out: Stringifier, record: unknown[], failed: Promise<unknown>): Promise<void> {
  if (!out.write(record)) await Promise.race([once(out, 'drain'), failed]);
}

function checkInt(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min)
    throw new UserError(`${name} must be an integer of at least ${min} (got ${value})`);
  return value;
}

/** The doc being read: its header line, and whether it is already rejected (its lines are then dropped). */
interface OpenDoc {
  lineNo: number;
  raw: string;
  header?: DocHeader;
  lines: string[];
  rejected: boolean;
}

export async function convertWikiExtractor(options: ConvertOptions): Promise<ConvertResult> {
  const maxChars = checkInt('maxChars', options.maxChars ?? DEFAULT_MAX_CHARS, MIN_MAX_CHARS);
  const minChars = checkInt('minChars', options.minChars ?? DEFAULT_MIN_CHARS, 0);
  const maxErrors = checkInt('maxErrors', options.maxErrors ?? 0, 0);
  const files = listInputFiles(options.from);
  const sizes = files.map((f) => fs.statSync(f).size);
  const totalBytes = sizes.reduce((a, b) => a + b, 0);

  try {
    fs.mkdirSync(options.outDir, { recursive: true });
  } catch (err) {
    throw new UserError(
      `${options.outDir}: cannot create the output folder (${(err as NodeJS.ErrnoException).code ?? err})`,
    );
  }
  const pagesFile = path.resolve(options.outDir, 'wiki_pages.csv');
  const chunksFile = path.resolve(options.outDir, 'wiki_chunks.csv');
  const rejectsFile =
    options.rejectsFile ?? (maxErrors > 0 ? path.join(options.outDir, 'wiki-convert-rejects.csv') : undefined);
  const errors = new ImportErrors(maxErrors, rejectsFile && path.resolve(rejectsFile), {
    refused: 'convert stopped, no CSV written',
    items: 'docs',
  });
  // Written under temporary names and renamed at the end, so a failed run leaves no half files.
  const pagesTmp = `${pagesFile}.partial`;
  const chunksTmp = `${chunksFile}.partial`;
  const pagesOut = stringify({ header: true, columns: ['page_id', 'title', 'url'] });
  const chunksOut = stringify({ header: true, columns: ['chunk_id', 'page_id', 'chunk_idx', 'content'] });
  const [pagesFileOut, chunksFileOut] = [fs.createWriteStream(pagesTmp), fs.createWriteStream(chunksTmp)];
  // A file is gone for good only once its stream has closed: a stream destroyed before its open
  // finished still creates the file afterwards, and Promise.all below gives up at the first failure.
  const closed = [pagesFileOut, chunksFileOut].map(
    (out) => new Promise<void>((resolve) => out.once('close', () => resolve())),
  );
  const written = Promise.all([pipeline(pagesOut, pagesFileOut), pipeline(chunksOut, chunksFileOut)]);
  // Surfaces a write error (disk full) even while we are still reading.
  written.catch(() => {});

  const progress: ConvertProgress = { files: 0, totalFiles: files.length, pages: 0, chunks: 0, bytes: 0, totalBytes };
  const seen = new Set<number>();
  let skippedStubs = 0;
  let skippedRedirects = 0;
  let skippedUntitled = 0;
  const untitled: UntitledDoc[] = [];

  const finishDoc = async (doc: DocHeader, lines: string[], file: string, raw: string) => {
    if (isBlankTitle(doc.title)) {
      skippedUntitled++;
      if (untitled.length < UNTITLED_NAMED) untitled.push({ file, line: doc.lineNo, pageId: doc.pageId });
      return;
    }
    if (seen.has(doc.pageId)) return errors.add(file, doc.lineNo, `page id ${doc.pageId} appears twice`, raw);
    seen.add(doc.pageId);
    // WikiExtractor repeats the title as the first line of the text.
    const first = lines.findIndex((l) => l.trim() !== '');
    if (first !== -1 && [doc.title, doc.rawTitle].includes(lines[first]?.trim() ?? '')) lines.splice(0, first + 1);
    const paragraphs = lines.map((l) => l.trim()).filter((l) => l !== '');
    const text = paragraphs.join('\n');
    if (REDIRECT.test(text)) {
      skippedRedirects++;
      return;
    }
    if (text.length < minChars) {
      skippedStubs++;
      return;
    }
    const chunks = chunkText(paragraphs, maxChars);
    if (chunks.length >= CHUNK_ID_STRIDE)
      return errors.add(file, doc.lineNo, `page ${doc.pageId} has more than ${CHUNK_ID_STRIDE - 1} chunks`, raw);
    await writeRecord(pagesOut, [doc.pageId, doc.title, doc.url], written);
    for (const [idx, content] of chunks.entries()) {
      await writeRecord(chunksOut, [doc.pageId * CHUNK_ID_STRIDE + idx, doc.pageId, idx, content], written);
    }
    progress.pages++;
    progress.chunks += chunks.length;
  };

  const docName = (doc: OpenDoc) => (doc.header ? `<doc id="${doc.header.pageId}">` : '<doc>');

  try {
    for (const file of files) {
      let doc: OpenDoc | undefined;
      // A rejected doc is counted once, at the first thing wrong with it; its lines are dropped.
      const reject = (d: OpenDoc, line: number, reason: string) => {
        if (!d.rejected) errors.add(file, line, reason, d.raw);
        d.rejected = true;
      };
      for await (const { text, lineNo, bytes, problem } of readLines(file)) {
        progress.bytes += bytes;
        if (/^<doc[\s>]/.test(text)) {
          if (doc)
            reject(doc, doc.lineNo, `${docName(doc)} has no closing </doc> before the next <doc> at line ${lineNo}`);
          doc = { lineNo, raw: text, lines: [], rejected: false };
          const header = problem ? { problem } : readDocHeader(text, lineNo);
          if ('problem' in header) reject(doc, lineNo, header.problem);
          else doc.header = header;
        } else if (text.trim() === '</doc>') {
          if (!doc) errors.add(file, lineNo, '</doc> without an opening <doc>', text);
          else if (!doc.rejected && doc.header) await finishDoc(doc.header, doc.lines, file, doc.raw);
          doc = undefined;
          options.onProgress?.({ ...progress });
        } else if (doc) {
          if (problem) reject(doc, lineNo, problem);
          else if (!doc.rejected) doc.lines.push(text);
        } else if (problem) {
          errors.add(file, lineNo, problem, text);
        } else if (text.trim() !== '') {
          errors.add(file, lineNo, 'text outside a <doc>…</doc> block', text);
        }
      }
      if (doc) reject(doc, doc.lineNo, `${docName(doc)} has no closing </doc> before the end of the file`);
      progress.bytes = sizes.slice(0, ++progress.files).reduce((a, b) => a + b, 0);
      options.onProgress?.({ ...progress });
    }
    pagesOut.end();
    chunksOut.end();
    await written;
  } catch (err) {
    pagesOut.destroy();
    chunksOut.destroy();
    await written.catch(() => {});
    await Promise.all(closed);
    await errors.close().catch(() => {});
    fs.rmSync(pagesTmp, { force: true });
    fs.rmSync(chunksTmp, { force: true });
    throw err;
  }
  const rejects = await errors.close();
  fs.renameSync(pagesTmp, pagesFile);
  fs.renameSync(chunksTmp, chunksFile);
  return {
    pages: progress.pages,
    chunks: progress.chunks,
    skippedStubs,
    skippedRedirects,
    skippedUntitled,
    untitled,
    errors: errors.count,
    ...(rejects ? { rejectsFile: rejects } : {}),
    pagesFile,
    chunksFile,
  };
}
