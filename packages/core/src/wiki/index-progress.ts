import fs from 'node:fs';
import path from 'node:path';
import type { LexicalIndexStatus } from '@olala/contract';
import { alive } from '../db/lock.js';
import { observeProgress, type ProgressSnapshot } from '../progress.js';

/** The label under which the lexical index build reports its progress (search/lexical-index.ts). */
export const LEXICAL_INDEX_LABEL = 'lexical index';

/**
 * The record of the latest lexical index build of one data folder, written by the building process
 * about once a second. Another process reads it: with the embedded database that process cannot
 * open the database while the build holds it, so the record lives beside the lock, not in a table.
 */
export interface IndexProgressRecord {
  pid: number;
  state: 'building' | 'complete' | 'interrupted';
  chunks_done: number;
  chunks_total: number;
  rate_chunks_s: number;
  eta_s?: number;
  started_at: string;
  updated_at: string;
}

export function indexProgressFile(dataDir: string): string {
  return path.join(dataDir, 'lexical-index-progress.json');
}

const nonNegative = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

export function readIndexProgress(dataDir: string): IndexProgressRecord | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(indexProgressFile(dataDir), 'utf8'));
  } catch {
    return undefined;
  }
  const r = parsed as Partial<IndexProgressRecord> | null;
  if (
    !r ||
    !Number.isInteger(r.pid) ||
    !['building', 'complete', 'interrupted'].includes(r.state as string) ||
    !nonNegative(r.chunks_done) ||
    !nonNegative(r.chunks_total) ||
    !nonNegative(r.rate_chunks_s) ||
    typeof r.started_at !== 'string' ||
    typeof r.updated_at !== 'string' ||
    Number.isNaN(Date.parse(r.updated_at))
  ) {
    return undefined;
  }
  return r as IndexProgressRecord;
}

function writeRecord(dataDir: string, record: IndexProgressRecord): void {
  const file = indexProgressFile(dataDir);
  // Written aside and renamed, so a reader never sees half a record.
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(record));
  fs.renameSync(tmp, file);
}

export interface IndexProgressPublisher {
  /** Stops publishing; a build this process left unfinished is recorded as interrupted. */
  close(): void;
}

/**
 * Publishes every lexical index build of this process to the data folder's record, so that
 * `olala wiki status` can say how far it is. `onSnapshot` also sees each report (the start-up log).
 */
export function publishIndexProgress(
  dataDir: string,
  onSnapshot?: (snapshot: ProgressSnapshot) => void,
): IndexProgressPublisher {
  let current: IndexProgressRecord | undefined;
  const write = (record: IndexProgressRecord) => {
    current = record;
    try {
      fs.mkdirSync(dataDir, { recursive: true });
      writeRecord(dataDir, record);
    } catch {
      // Publishing is for onlookers: a read-only or full disk must not fail the build.
    }
  };
  const stop = observeProgress((snapshot) => {
    onSnapshot?.(snapshot);
    if (snapshot.label !== LEXICAL_INDEX_LABEL) return;
    const now = new Date().toISOString();
    const total = snapshot.total ?? snapshot.done;
    const startedAt =
      current?.state === 'building'
        ? current.started_at
        : new Date(Date.now() - snapshot.elapsed_s * 1000).toISOString();
    write({
      pid: process.pid,
      state: snapshot.event === 'done' ? 'complete' : 'building',
      chunks_done: snapshot.event === 'done' ? total : snapshot.done,
      chunks_total: total,
      rate_chunks_s: Math.round(snapshot.rate),
      ...(snapshot.eta_s !== undefined && snapshot.event === 'progress' ? { eta_s: snapshot.eta_s } : {}),
      started_at: startedAt,
      updated_at: now,
    });
  });
  return {
    close() {
      stop();
      if (current?.state === 'building')
        write({ ...current, state: 'interrupted', updated_at: new Date().toISOString() });
    },
  };
}

/**
 * What status reports of the lexical index: the data folder's record when it tells more than the
 * database can (a build running or cut short), otherwise complete when the live index has rows.
 */
export function lexicalIndexStatus(record: IndexProgressRecord | undefined, liveIndex: boolean): LexicalIndexStatus {
  if (record && record.state !== 'complete') {
    const state = record.state === 'building' && !alive(record.pid) ? 'interrupted' : record.state;
    return {
      state,
      chunks_done: record.chunks_done,
      chunks_total: record.chunks_total,
      percent: percent(record.chunks_done, record.chunks_total),
      rate_chunks_s: record.rate_chunks_s,
      ...(state === 'building' && record.eta_s !== undefined ? { eta_s: record.eta_s } : {}),
      updated_at: record.updated_at,
    };
  }
  if (!liveIndex) return { state: 'none' };
  if (!record) return { state: 'complete' };
  return {
    state: 'complete',
    chunks_done: record.chunks_total,
    chunks_total: record.chunks_total,
    percent: 100,
    rate_chunks_s: record.rate_chunks_s,
    updated_at: record.updated_at,
  };
}

function percent(done: number, total: number): number {
  return total > 0 ? Math.floor((done / total) * 1000) / 10 : 0;
}

/** "45초", "2분", "1시간 5분": how long, said the way a person would. */
export function koreanDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${Math.max(s, 1)}초`;
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `${minutes}분`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m ? `${h}시간 ${m}분` : `${h}시간`;
}

const count = (n: number) => n.toLocaleString('en-US');

/** The one line that says how far a lexical index build is (status, start-up log). */
export function describeIndexProgress(done: number, total: number, rate: number, etaSeconds?: number): string {
  const parts = [`색인 중: ${count(done)} / ${count(total)} 조각 (${percent(done, total).toFixed(1)}%)`];
  if (rate > 0) parts.push(`${count(Math.round(rate))} 조각/s`);
  if (etaSeconds !== undefined) parts.push(`약 ${koreanDuration(etaSeconds)} 남음`);
  return parts.join(', ');
}

/** The lexical index line of `olala wiki status`. */
export function describeLexicalIndex(s: LexicalIndexStatus): string {
  switch (s.state) {
    case 'none':
      return '색인 없음 (위키를 가져오면 만들어집니다)';
    case 'building':
      return `${describeIndexProgress(s.chunks_done ?? 0, s.chunks_total ?? 0, s.rate_chunks_s ?? 0, s.eta_s)} (검색은 이전 색인으로 계속됩니다)`;
    case 'interrupted':
      return (
        `색인이 중단됨: ${count(s.chunks_done ?? 0)} / ${count(s.chunks_total ?? 0)} 조각 (${(s.percent ?? 0).toFixed(1)}%)에서 멈췄습니다. ` +
        '검색은 이전 색인으로 계속되며, 가져오기(`olala wiki import`)나 `olala wiki index`를 다시 실행하면 새로 만듭니다'
      );
    case 'complete':
      return s.chunks_total !== undefined && s.rate_chunks_s
        ? `색인 완료: ${count(s.chunks_total)} 조각 (${count(s.rate_chunks_s)} 조각/s로 만듦)`
        : '색인 완료';
  }
}
