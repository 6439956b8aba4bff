import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { test } from 'node:test';
import { createProgress } from '@olala/core';
import {
  describeIndexProgress,
  describeLexicalIndex,
  indexProgressFile,
  koreanDuration,
  LEXICAL_INDEX_LABEL,
  lexicalIndexStatus,
  publishIndexProgress,
  readIndexProgress,
  type IndexProgressRecord,
} from '../src/wiki/index-progress.js';
import { reindexLexical } from '../src/search/lexical-index.js';
import { freshDb, tempDir } from '@olala/testing';

/** The pid of a process that has exited, so certainly not alive. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

function record(patch: Partial<IndexProgressRecord> = {}): IndexProgressRecord {
  return {
    pid: process.pid,
    state: 'building',
    chunks_done: 412_000,
    chunks_total: 883_189,
    rate_chunks_s: 1650,
    eta_s: 120,
    started_at: '2026-12-02T07:00:00.000Z',
    updated_at: '2026-12-02T07:04:10.000Z',
    ...patch,
  };
}

test('the ETA line of an index build: counts, percent, rate and time left in Korean', () => {
  assert.equal(
    describeIndexProgress(412_000, 883_189, 1650, 120),
    '색인 중: 412,000 / 883,189 조각 (46.6%), 1,650 조각/s, 약 2분 남음',
  );
  assert.equal(describeIndexProgress(0, 10, 0), '색인 중: 0 / 10 조각 (0.0%)');
  assert.deepEqual([0.2, 45, 59.4, 90, 3600, 3900, 7200].map(koreanDuration), [
    '1초',
    '45초',
    '59초',
    '2분',
    '1시간',
    '1시간 5분',
    '2시간',
  ]);
});

test('a build in progress publishes a record that says how far it is, then that it is complete', (t) => {
  const dir = tempDir(t);
  const published = publishIndexProgress(dir);
  t.after(() => published.close());
  const progress = createProgress({ label: LEXICAL_INDEX_LABEL, total: 10, unit: 'rows', silent: true });
  progress.update(4);
  const mid = readIndexProgress(dir);
  assert.equal(mid?.state, 'building');
  assert.equal(mid?.pid, process.pid);
  assert.equal(mid?.chunks_done, 4);
  assert.equal(mid?.chunks_total, 10);
  progress.finish();
  const end = readIndexProgress(dir);
  assert.equal(end?.state, 'complete');
  assert.equal(end?.chunks_done, 10);
  assert.deepEqual(lexicalIndexStatus(end, true).state, 'complete');
});

test('other jobs do not touch the record; a build left unfinished at close is recorded as interrupted', (t) => {
  const dir = tempDir(t);
  const published = publishIndexProgress(dir);
  createProgress({ label: 'chunks', total: 100, unit: 'bytes', silent: true }).update(50);
  assert.equal(fs.existsSync(indexProgressFile(dir)), false);
  createProgress({ label: LEXICAL_INDEX_LABEL, total: 10, unit: 'rows', silent: true }).update(3);
  published.close();
  const left = readIndexProgress(dir);
  assert.equal(left?.state, 'interrupted');
  assert.equal(left?.chunks_done, 3);
  assert.match(
    describeLexicalIndex(lexicalIndexStatus(left, true)),
    /^색인이 중단됨: 3 \/ 10 조각 \(30\.0%\)에서 멈췄습니다/,
  );
});

test('status from the record: building while its process lives, interrupted once it is gone, complete otherwise', () => {
  const building = lexicalIndexStatus(record(), true);
  assert.deepEqual(building, {
    state: 'building',
    chunks_done: 412_000,
    chunks_total: 883_189,
    percent: 46.6,
    rate_chunks_s: 1650,
    eta_s: 120,
    updated_at: '2026-12-02T07:04:10.000Z',
  });
  assert.equal(
    describeLexicalIndex(building),
    '색인 중: 412,000 / 883,189 조각 (46.6%), 1,650 조각/s, 약 2분 남음 (검색은 이전 색인으로 계속됩니다)',
  );

  const killed = lexicalIndexStatus(record({ pid: deadPid() }), true);
  assert.equal(killed.state, 'interrupted');
  assert.equal(killed.eta_s, undefined, 'a dead build has no time left');

  assert.deepEqual(lexicalIndexStatus(undefined, true), { state: 'complete' });
  assert.deepEqual(lexicalIndexStatus(undefined, false), { state: 'none' });
  const done = lexicalIndexStatus(record({ state: 'complete', chunks_done: 883_189, eta_s: undefined }), true);
  assert.equal(describeLexicalIndex(done), '색인 완료: 883,189 조각 (1,650 조각/s로 만듦)');
  assert.equal(
    lexicalIndexStatus(record({ state: 'complete' }), false).state,
    'none',
    'a wiki emptied since has no index, whatever the record says',
  );
});

test('a damaged record is ignored rather than believed', (t) => {
  const dir = tempDir(t);
  fs.writeFileSync(indexProgressFile(dir), '{"pid": 1, "state": "building", "chunks_done": -5');
  assert.equal(readIndexProgress(dir), undefined);
  fs.writeFileSync(indexProgressFile(dir), JSON.stringify({ ...record(), chunks_done: -5 }));
  assert.equal(readIndexProgress(dir), undefined);
  fs.writeFileSync(indexProgressFile(dir), JSON.stringify(record()));
  assert.equal(readIndexProgress(dir)?.chunks_done, 412_000);
});

test('a real lexical index build is what gets published (its progress label is the one status listens to)', async (t) => {
  const { db } = await freshDb(t, 'pglite');
  await db.exec(`
    INSERT INTO wiki_pages (page_id, title) VALUES (1, '서울'), (2, '부산');
    INSERT INTO wiki_chunks (chunk_id, page_id, chunk_idx, content, content_hash) VALUES
      (1, 1, 0, '서울은 대한민국의 수도이다.', 'a'), (2, 2, 0, '부산은 항구 도시이다.', 'b'), (3, 2, 1, '해운대가 있다.', 'c');
  `);
  const dir = tempDir(t);
  const published = publishIndexProgress(dir);
  t.after(() => published.close());
  await reindexLexical(db);
  const done = readIndexProgress(dir);
  assert.equal(done?.state, 'complete');
  assert.equal(done?.chunks_total, 3);
});
