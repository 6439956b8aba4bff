import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { AdminIssue } from '@olala/contract';
import { loadConfig, openDb } from '@olala/core';
import { seoulDay } from '@olala/core/issues';
import { BACKENDS, fakeArticleServer, freshDatabaseEnv, tempDir } from '@olala/testing';
import { olala, STACK } from './run-olala.js';

async function storedIssues(env: Record<string, string>) {
  const db = await openDb(loadConfig(env), { command: 'test check' });
  try {
    const { rows } = await db.query<{
      title: string;
      day: string;
      category: string;
      source_url: string | null;
      published: boolean;
      summary: string;
      content: string;
    }>(
      `SELECT title, to_char(day, 'YYYY-MM-DD') AS day, category, source_url, published_at IS NOT NULL AS published, summary, content
         FROM issues ORDER BY created_at, title`,
    );
    return rows;
  } finally {
    await db.close();
  }
}

const ARTICLE = `<!doctype html><html><head><meta charset="utf-8">
<title>올라라일보 - 정부, AI 기본법 시행령 발표</title>
<meta property="og:title" content="정부, AI 기본법 시행령 발표">
<link rel="canonical" href="https://news.example.com/2025/03/ai-law">
</head><body><article><h1>정부, AI 기본법 시행령 발표</h1>
<p>정부가 3일 인공지능 기본법 시행령을 발표했다. 고위험 AI를 쓰는 사업자는 영향평가를 받아야 한다. 업계는 준비 기간이 짧다고 지적했다.</p>
<p>시행령은 내년 1월부터 적용된다. 과태료는 최대 3천만원이다. 정부는 계도 기간을 두겠다고 밝혔다. 이 문단은 본문 추출이 충분한 길이를 갖도록 덧붙인 문장이다.</p>
</article></body></html>`;

for (const backend of BACKENDS) {
  test(`${backend}: olala issues add --json adds every issue of a good file, and refuses a bad one naming FILE: field: reason`, async (t) => {
    const env = await freshDatabaseEnv(t, backend);
    const dir = tempDir(t);
    const good = path.join(dir, 'issues.json');
    fs.writeFileSync(
      good,
      JSON.stringify([
        {
          title: 'AI 규제와 산업 영향',
          summary: '요약',
          content: '본문',
          category: '기술',
          sourceUrl: 'https://news.example.com/1',
          day: '2025-03-03',
          publish: true,
        },
        { title: '초안 이슈', claim: '주장' },
      ]),
    );
    let run = await olala(env, 'issues', 'add', '--json', good, '--category', '사회');
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.trim().split('\n');
    assert.equal(lines.length, 2, run.stdout);
    assert.match(lines[0]!, /^[0-9a-f-]{36} {2}published {2}2025-03-03 {2}AI 규제와 산업 영향$/);
    assert.match(lines[1]!, new RegExp(`^[0-9a-f-]{36}  draft      ${seoulDay()}  초안 이슈$`));
    assert.match(run.stderr, /added 2 issues \(1 draft/);
    assert.deepEqual(
      (await storedIssues(env)).map((r) => [r.title, r.category, r.published]),
      [
        ['AI 규제와 산업 영향', '기술', true],
        ['초안 이슈', '사회', false],
      ],
    );

    // Every problem of a bad file is reported, and nothing of it is stored.
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(
      bad,
      JSON.stringify([
        { title: '괜찮은 이슈' },
        { title: '', sumary: '오타', day: '2025-3-3' },
        { title: '   ', sourceUrl: 'ftp://x' },
      ]),
    );
    run = await olala(env, 'issues', 'add', '--json', bad);
    assert.equal(run.status, 2, run.stderr);
    for (const expected of [
      `${bad}: [1].title: must not be empty`,
      `${bad}: [1].sumary: is not a known field`,
      `${bad}: [1].day: must be a date as YYYY-MM-DD`,
      `${bad}: [2].sourceUrl: must be an http:// or https:// URL`,
    ]) {
      assert.ok(run.stderr.includes(expected), `${expected}\nnot in:\n${run.stderr}`);
    }
    assert.doesNotMatch(run.stderr, STACK);
    const blank = path.join(dir, 'blank.json');
    fs.writeFileSync(blank, JSON.stringify({ title: '   ' }));
    run = await olala(env, 'issues', 'add', '--json', blank);
    assert.equal(run.status, 2);
    assert.match(
      run.stderr,
      new RegExp(`${blank.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: title: must not be only blanks`),
    );

    const broken = path.join(dir, 'broken.json');
    fs.writeFileSync(broken, '{"title": "닫히지 않은');
    run = await olala(env, 'issues', 'add', '--json', broken);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /broken\.json: not valid JSON/);
    run = await olala(env, 'issues', 'add', '--json', path.join(dir, 'missing.json'));
    assert.equal(run.status, 2);
    assert.match(run.stderr, /missing\.json: cannot read: ENOENT/);
    run = await olala(env, 'issues', 'add');
    assert.equal(run.status, 2);
    assert.match(run.stderr, /exactly one of --json FILE or --url URL/);
    assert.equal((await storedIssues(env)).length, 2, 'bad files store nothing');

    // list shows drafts too; publish makes a draft public.
    run = await olala(env, 'issues', 'list', '--json');
    assert.equal(run.status, 0, run.stderr);
    const listed = JSON.parse(run.stdout) as AdminIssue[];
    assert.deepEqual(listed.map((i) => i.title).sort(), ['AI 규제와 산업 영향', '초안 이슈']);
    const draft = listed.find((i) => i.status === 'draft')!;
    run = await olala(env, 'issues', 'publish', draft.id);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`^${draft.id}  published`));
    assert.ok((await storedIssues(env)).every((r) => r.published));
    run = await olala(env, 'issues', 'unpublish', '00000000-0000-4000-8000-000000000000');
    assert.equal(run.status, 2);
    assert.match(run.stderr, /no issue 00000000-0000-4000-8000-000000000000/);
  });

  test(`${backend}: olala issues add --url drafts an issue from a news article`, async (t) => {
    const env = await freshDatabaseEnv(t, backend);
    const site = await fakeArticleServer(t, {
      '/news/1': { body: ARTICLE },
      '/empty': { body: '<html><body></body></html>' },
    });
    const withLoopback = { ...env, OLALA_FETCH_ALLOW_LOOPBACK: '1' };

    let run = await olala(withLoopback, 'issues', 'add', '--url', `${site.url}/news/1`, '--day', '2025-03-04');
    assert.equal(run.status, 0, run.stderr);
    const [issue] = await storedIssues(env);
    assert.equal(issue?.title, '정부, AI 기본법 시행령 발표');
    assert.equal(issue?.day, '2025-03-04');
    assert.equal(issue?.published, false);
    assert.equal(issue?.source_url, 'https://news.example.com/2025/03/ai-law');
    // No description on the page: the summary is its opening sentences, whole ones only.
    assert.match(issue!.summary, /^정부가 3일 인공지능 기본법 시행령을 발표했다\./);
    assert.ok(issue!.summary.length <= 300);
    assert.match(issue!.summary, /[.다]$/);
    assert.match(issue!.content, /과태료는 최대 3천만원이다/);

    // Without the test switch, loopback is refused like any private address: nothing is stored.
    run = await olala(env, 'issues', 'add', '--url', `${site.url}/news/1`);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /--url http:\/\/127\.0\.0\.1:\d+\/news\/1: /);
    run = await olala(withLoopback, 'issues', 'add', '--url', `${site.url}/nowhere`);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /--url .*\/nowhere: .*404/);
    assert.doesNotMatch(run.stderr, STACK);
    assert.equal((await storedIssues(env)).length, 1);
  });
}

test('pglite: olala issues add says so when a running server holds the embedded database', async (t) => {
  const env = await freshDatabaseEnv(t, 'pglite');
  const dir = tempDir(t);
  const file = path.join(dir, 'issue.json');
  fs.writeFileSync(file, JSON.stringify({ title: '잠긴 데이터베이스' }));
  // This test process stands in for `olala serve`: a live pid and the URL it would advertise.
  fs.mkdirSync(env.OLALA_DATA_DIR!, { recursive: true });
  const url = 'http://127.0.0.1:18080';
  fs.writeFileSync(
    path.join(env.OLALA_DATA_DIR!, 'olala.lock'),
    JSON.stringify({ pid: process.pid, command: 'olala serve', startedAt: new Date().toISOString(), httpUrl: url }),
  );
  const run = await olala(env, 'issues', 'add', '--json', file);
  assert.equal(run.status, 2);
  assert.match(run.stderr, new RegExp(`held by the running server at ${url}`));
  assert.match(run.stderr, new RegExp(`POST ${url}/v1/admin/issues`));
  assert.doesNotMatch(run.stderr, STACK);
});
