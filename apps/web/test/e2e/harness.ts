import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { loadConfig } from '@olala/core';
import app, { serverOptions } from '@olala/server/app';
import { importSampleIfEmpty } from '@olala/server/sample';
import { freshDatabaseEnv } from '@olala/testing';
import { CHROMIUM, chromiumNeed, ensureSystemPackages } from '../../../../scripts/system-deps.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const WEB = path.join(ROOT, 'apps/web');
export const ARTIFACTS = path.join(ROOT, '.artifacts/e2e');
export { CHROMIUM };

/**
 * Debian's Chromium and Korean fonts, installed with apt (scripts/system-deps.mjs, under its
 * machine-wide lock) when missing and we are root. Never a browser download; with neither Chromium
 * nor a way to install it the tests fail and say what to run. `npm test` has installed it already.
 */
export function ensureChromium(): void {
  ensureSystemPackages([chromiumNeed()]);
}

/** Builds apps/web/dist when it is missing or older than the sources (as `npm start` does), under build-web's lock. */
export function ensureWebBuild(): void {
  const res = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build-web.mjs'), '--if-stale'], {
    stdio: 'inherit',
  });
  if (res.status !== 0) throw new Error('the web build failed');
}

export async function launchBrowser(t: TestContext | { after(fn: () => unknown): void }): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // This machine has no outside network: Chromium's own background traffic only fails slowly.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  t.after(() => browser.close());
  return browser;
}

export interface RunningApp {
  app: FastifyInstance;
  url: string;
}

/** The real server on loopback: a fresh embedded database with the sample wiki, the built app at `/`. */
export async function startApp(
  t: TestContext | { after(fn: () => unknown): void },
  env: Record<string, string> = {},
): Promise<RunningApp> {
  const dbEnv = await freshDatabaseEnv(t as TestContext, 'pglite');
  const config = loadConfig({ LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent', ...dbEnv, ...env });
  const fastify = Fastify(serverOptions(config));
  await fastify.register(app, { config });
  t.after(() => fastify.close());
  await fastify.ready();
  await importSampleIfEmpty(fastify.db, fastify.log);
  const url = await fastify.listen({ host: '127.0.0.1', port: 0 });
  return { app: fastify, url };
}

/** A phone in portrait, the size every screen is designed for first. */
export const PHONE = { width: 390, height: 844 };
/** A returning user: introduction and coach already seen. */
export const RETURNING = `localStorage.setItem('olala.onboarding_completed', 'true'); localStorage.setItem('olala.coach_completed', 'true');`;

type Hooks = { after(fn: () => unknown): void };

export interface PageOptions {
  /** false: a first visit (introduction and coach shown). Default true. */
  returning?: boolean;
  viewport?: { width: number; height: number };
  /** Scripts run in every page of the context before the app's own (probes, collectors). */
  initScripts?: string[];
}

export interface E2eSuite {
  /** Chromium, launched by the suite's own `before` hook (so read it inside hooks and tests). */
  readonly browser: Browser;
  /** For startApp, fakes and contexts: what is registered here is closed after the file's tests, newest first. */
  readonly hooks: Hooks;
  /** Lines printed after the file's tests (budgets, axe, timings), prefixed `[e2e <name>]`. */
  readonly report: string[];
  /** The real server (see startApp), stopped after the file's tests. */
  startApp(env?: Record<string, string>): Promise<RunningApp>;
  /** A Korean browser context (a returning user on a phone unless told otherwise) and its first page. */
  newPage(options?: PageOptions): Promise<{ context: BrowserContext; page: Page }>;
  /** axe-core on the page as it is now (checkAccessibility); its line goes to the report. */
  axe(page: Page, name: string): Promise<void>;
}

/**
 * The set-up every e2e file shares, registered as the file's first `before` and last `after`:
 * Chromium installed and launched, the web build fresh (unless `webBuild: false`), the artifacts
 * folder made; afterwards everything registered on `hooks` closed and the report printed. The
 * file's own `before` runs after this one, so it can start servers and use `browser`.
 */
export function e2eSuite(name: string, options: { webBuild?: boolean } = {}): E2eSuite {
  const cleanups: (() => unknown)[] = [];
  const hooks: Hooks = { after: (fn) => void cleanups.push(fn) };
  const report: string[] = [];
  let browser: Browser | undefined;
  before(async () => {
    ensureChromium();
    if (options.webBuild !== false) ensureWebBuild();
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    browser = await launchBrowser(hooks);
  });
  after(async () => {
    for (const fn of cleanups.reverse()) await fn();
    if (report.length > 0) console.log(`\n[e2e ${name}]\n${report.map((r) => `[e2e ${name}]   ${r}`).join('\n')}`);
  });
  const suite: E2eSuite = {
    get browser(): Browser {
      if (!browser)
        throw new Error("the browser is launched in the suite's before hook: use it inside hooks and tests");
      return browser;
    },
    hooks,
    report,
    startApp: (env) => startApp(hooks, env),
    async newPage({ returning = true, viewport = PHONE, initScripts = [] } = {}) {
      const context = await suite.browser.newContext({ viewport, locale: 'ko-KR', acceptDownloads: true });
      if (returning) await context.addInitScript(RETURNING);
      for (const script of initScripts) await context.addInitScript(script);
      return { context, page: await context.newPage() };
    },
    async axe(page, name) {
      report.push(await checkAccessibility(page, name));
    },
  };
  return suite;
}

/** The scripts the page loads before it can render (entry and its preloads): their gzipped size and their text. */
export function initialJsGzipBytes(): { bytes: number; files: string[]; text: string } {
  const dist = path.join(WEB, 'dist');
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  const files = [...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*rel="modulepreload"[^>]*\bhref)="([^"]+\.js)"/g)].map(
    (m) => m[1]!,
  );
  const sources = files.map((f) => fs.readFileSync(path.join(dist, f)));
  const bytes = sources.reduce((sum, buf) => sum + zlib.gzipSync(buf).length, 0);
  return { bytes, files, text: sources.map((buf) => buf.toString('utf8')).join('\n') };
}

/** Width and height from a PNG's IHDR. */
export function pngSize(buf: Buffer): { width: number; height: number } {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (!buf.subarray(0, 8).equals(signature)) throw new Error('not a PNG');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core on the page as it is now: fails on serious or critical violations, and returns the
 * line the e2e report prints.
 */
export async function checkAccessibility(page: Page, name: string): Promise<string> {
  // Evaluated, not added as an inline <script>: the app's Content-Security-Policy refuses those.
  await page.evaluate(axeSource);
  const { violations, passes } = await page.evaluate(async () => {
    type Rule = { id: string; impact: string; help: string; nodes: { target: string[] }[] };
    const w = window as unknown as {
      axe: { run(ctx: Document, o: object): Promise<{ violations: Rule[]; passes: Rule[] }> };
    };
    const r = await w.axe.run(document, { resultTypes: ['violations'] });
    return {
      passes: r.passes.length,
      violations: r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 3),
      })),
    };
  });
  if (passes <= 10) throw new Error(`${name}: axe did not check the page (${passes} rules passed)`);
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length > 0)
    throw new Error(`${name}: serious or critical accessibility violations: ${JSON.stringify(bad, null, 2)}`);
  return `axe ${name}: ${passes} rules passed, ${violations.length} violation(s), none serious or critical${violations.length ? ` (${violations.map((v) => `${v.id}/${v.impact}`).join(', ')})` : ''}`;
}
