import fs from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import { ISSUE_LIMITS, type AdminIssue, type CreateIssueRequest } from '@olala/contract';
import { DataDirLockedError, FetchError, fetchArticle, loadFetchConfig, UserError, type Db } from '@olala/core';
import {
  checkIssueFile,
  createIssue,
  listAdminIssues,
  publishIssue,
  seoulDay,
  unpublishIssue,
} from '@olala/core/issues';
import { withDb } from '../lib/db.js';

/** A file of issues is written by hand or by a script: megabytes mean something else was given. */
const MAX_FILE_BYTES = 10 * 1024 * 1024;
const SUMMARY_CHARS = 300;
const MAX_PROBLEMS_SHOWN = 20;

interface AddFlags {
  json?: string;
  url?: string;
  publish?: boolean;
  day?: string;
  category?: string;
}

function day(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)))
    throw new InvalidArgumentError('expected a date as YYYY-MM-DD');
  return value;
}

function positiveInteger(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 100)
    throw new InvalidArgumentError('expected an integer from 1 to 100');
  return Number(value);
}

/** The issues of a JSON file (one object or an array), or every problem found, as `FILE: field: reason`. */
export function readIssueFile(file: string): CreateIssueRequest[] {
  let text: string;
  try {
    if (fs.statSync(file).size > MAX_FILE_BYTES)
      throw new UserError(`${file}: larger than ${MAX_FILE_BYTES / 1024 / 1024} MB; is this an issues file?`);
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError(`${file}: cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new UserError(`${file}: not valid JSON: ${(err as Error).message}`);
  }
  const problems = checkIssueFile(value);
  if (problems.length > 0) {
    const shown = problems.slice(0, MAX_PROBLEMS_SHOWN).map((p) => `${file}: ${p.field}: ${p.reason}`);
    if (problems.length > shown.length) shown.push(`${file}: … and ${problems.length - shown.length} more problems`);
    throw new UserError(shown.join('\n'));
  }
  return (Array.isArray(value) ? value : [value]) as CreateIssueRequest[];
}

/** The first sentences of `text`, up to about `max` characters: a summary when the page has no description. */
function firstSentences(text: string, max: number): string {
  const sentences = text
    .replace(/\s+/g, ' ')
    .trim()
    .split(/(?<=[.!?。])\s+/);
  let out = '';
  for (const s of sentences) {
    if (out && out.length + s.length + 1 > max) break;
    out = out ? `${out} ${s}` : s;
  }
  return out.slice(0, max);
}

/** A draft issue from a news article: its title, description (or opening sentences) and text. */
async function issueFromUrl(url: string): Promise<CreateIssueRequest> {
  let article;
  try {
    article = await fetchArticle(url, { allowLoopback: loadFetchConfig().allowLoopback, timeoutMs: 20_000 });
  } catch (err) {
    if (err instanceof FetchError) throw new UserError(`--url ${url}: ${err.message}`);
    throw err;
  }
  const title = article.title.trim().slice(0, ISSUE_LIMITS.title.max);
  if (!title) throw new UserError(`--url ${url}: the page has no title; write the issue as a JSON file and use --json`);
  const source = /^https?:\/\//i.test(article.canonical_url) ? article.canonical_url : article.url;
  return {
    title,
    summary: (article.description.trim() || firstSentences(article.text, SUMMARY_CHARS)).slice(
      0,
      ISSUE_LIMITS.summary.max,
    ),
    content: article.text.slice(0, ISSUE_LIMITS.content.max),
    ...(source.length <= ISSUE_LIMITS.sourceUrl.max ? { sourceUrl: source } : {}),
  };
}

/**
 * `withDb` for commands that write: a server holding the embedded database is named, with
 * what to do instead (the CLI writes to the database directly, it cannot share PGlite).
 */
async function withIssuesDb<T>(command: string, fn: (db: Db) => Promise<T>): Promise<T> {
  try {
    return await withDb(command, fn);
  } catch (err) {
    if (!(err instanceof DataDirLockedError)) throw err;
    const { holder, dataDir } = err;
    const by = holder.httpUrl
      ? `the running server at ${holder.httpUrl} (process ${holder.pid})`
      : `process ${holder.pid} (${holder.command})`;
    throw new UserError(
      `the embedded database in ${dataDir} is held by ${by}, and PGlite allows one process at a time. ` +
        `Stop it and run \`olala ${command}\` again` +
        (holder.httpUrl
          ? `, or use that server's admin API (POST ${holder.httpUrl}/v1/admin/issues with an admin's token)`
          : '') +
        `, or point DATABASE_URL at a PostgreSQL server shared by the server and the CLI.`,
    );
  }
}

const line = (i: AdminIssue) => `${i.id}  ${i.status.padEnd(9)}  ${i.day}  ${i.title}`;

/** `olala issues add|list|publish|unpublish`: daily issues straight in the database. */
export function register(program: Command): void {
  const issues = program
    .command('issues')
    .description("daily issues: add from a JSON file or a news article's URL, list, publish")
    .showHelpAfterError()
    .exitOverride();

  issues
    .command('add')
    .description(
      'add issues from a JSON file (one object or an array) or draft one from an article URL; drafts unless --publish',
    )
    .option(
      '--json <file>',
      'issues as JSON: {title, summary?, content?, category?, sourceUrl?, day?, claim?, publish?}, or an array of them',
    )
    .option('--url <url>', 'draft an issue from this news article (title, summary, text, source URL)')
    .option('--publish', 'publish the new issues now')
    .option('--day <YYYY-MM-DD>', 'the day (in Korea) for issues that do not set one; default today', day)
    .option('--category <name>', 'the category for issues that do not set one; default 일반')
    .showHelpAfterError()
    .exitOverride()
    .action(async (flags: AddFlags) => {
      if (Boolean(flags.json) === Boolean(flags.url))
        throw new UserError('give exactly one of --json FILE or --url URL');
      if (
        flags.category !== undefined &&
        (flags.category.trim() === '' || flags.category.length > ISSUE_LIMITS.category.max)
      ) {
        throw new UserError(`--category: must be 1 to ${ISSUE_LIMITS.category.max} characters`);
      }
      // Everything is checked (and the article fetched) before the database is opened.
      const items = flags.json ? readIssueFile(flags.json) : [await issueFromUrl(flags.url!)];
      const created = await withIssuesDb('issues add', (db) =>
        db.transaction(async (tx) => {
          const out: AdminIssue[] = [];
          for (const item of items) {
            out.push(
              await createIssue(tx, {
                ...item,
                day: item.day ?? flags.day,
                category: item.category ?? flags.category,
                publish: item.publish ?? flags.publish ?? false,
              }),
            );
          }
          return out;
        }),
      );
      for (const issue of created) process.stdout.write(`${line(issue)}\n`);
      const drafts = created.filter((i) => i.status === 'draft').length;
      process.stderr.write(
        `added ${created.length} issue${created.length === 1 ? '' : 's'}${drafts ? ` (${drafts} draft${drafts === 1 ? '' : 's'}: publish with \`olala issues publish ID\`)` : ''}\n`,
      );
    });

  issues
    .command('list')
    .description(`every issue, drafts included, newest created first (today in Korea: ${seoulDay()})`)
    .option('--limit <n>', 'how many (1-100)', positiveInteger, 30)
    .option('--json', 'print the issues as one JSON array')
    .showHelpAfterError()
    .exitOverride()
    .action(async (flags: { limit: number; json?: boolean }) => {
      const page = await withIssuesDb('issues list', (db) => listAdminIssues(db, { limit: flags.limit }));
      if (flags.json) return void process.stdout.write(`${JSON.stringify(page.items, null, 2)}\n`);
      if (page.items.length === 0)
        return void process.stderr.write('no issues yet: add one with `olala issues add --json FILE` or `--url URL`\n');
      process.stdout.write(`${page.items.map(line).join('\n')}\n`);
    });

  for (const [name, action] of [
    ['publish', publishIssue],
    ['unpublish', unpublishIssue],
  ] as const) {
    issues
      .command(`${name} <id>`)
      .description(
        name === 'publish'
          ? 'publish an issue now (a published one keeps its time)'
          : 'turn an issue back into a draft',
      )
      .showHelpAfterError()
      .exitOverride()
      .action(async (id: string) => {
        if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id))
          throw new UserError(`id: not an issue id (a UUID): ${id}`);
        const issue = await withIssuesDb(`issues ${name}`, (db) => action(db, id));
        if (!issue) throw new UserError(`id: no issue ${id}; see \`olala issues list\``);
        process.stdout.write(`${line(issue)}\n`);
      });
  }
}
