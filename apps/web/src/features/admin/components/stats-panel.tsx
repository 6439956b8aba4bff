import { useState } from 'react';
import type { AdminStats, AdminStatsDay } from '@olala/contract/admin';
import { VERDICTS } from '../../../lib/verdict.js';
import { getStats } from '../api/get-stats.js';
import { useLoad } from '../../../lib/use-load.js';

const LABELS = ['TRUE', 'FALSE', 'MIXED', 'UNVERIFIED', 'REFUSED'] as const;
const PERIODS = [1, 7, 30] as const;

const ms = (v: number | null) =>
  v === null ? '–' : v >= 10_000 ? `${(v / 1000).toFixed(1)}초` : `${Math.round(v).toLocaleString('ko-KR')}ms`;
/** `stage06_verify_support` → `06 verify_support`: the table fits a phone. */
const stageName = (stage: string) => stage.replace(/^stage(\d+)_/, '$1 ');
const rate = (r: number) => `${(r * 100).toFixed(1)}%`;

/**
 * Verdicts per day as stacked bars: a small inline SVG, no chart library. The drawing is
 * decorative for screen readers, which get the same numbers as a table.
 */
export function LabelsChart({ days }: { days: AdminStatsDay[] }) {
  const W = 320;
  const H = 140;
  const top = 12;
  const bottom = 22;
  const max = Math.max(1, ...days.map((d) => LABELS.reduce((n, l) => n + d.labels[l], 0)));
  const slot = W / Math.max(1, days.length);
  const bar = Math.max(2, Math.min(28, slot * 0.6));
  const scale = (H - top - bottom) / max;
  // Every day's date would crowd a month: label about six of them.
  const every = Math.max(1, Math.ceil(days.length / 6));
  return (
    <figure className="admin-chart card">
      <figcaption className="section-title" id="admin-labels-title">
        일별 판정
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} aria-hidden="true" focusable="false" data-testid="labels-chart">
        <text x={0} y={9} fontSize={9} fill="currentColor" opacity={0.7}>
          최대 {max}건
        </text>
        {days.map((d, i) => {
          const x = i * slot + (slot - bar) / 2;
          let y = H - bottom;
          return (
            <g key={d.day} data-day={d.day}>
              {LABELS.map((l) => {
                const h = d.labels[l] * scale;
                if (h <= 0) return null;
                y -= h;
                return <rect key={l} x={x} y={y} width={bar} height={h} fill={VERDICTS[l].colour} data-label={l} />;
              })}
              {i % every === 0 && (
                <text x={x + bar / 2} y={H - 6} fontSize={9} textAnchor="middle" fill="currentColor">
                  {d.day.slice(5)}
                </text>
              )}
            </g>
          );
        })}
        <line x1={0} x2={W} y1={H - bottom + 0.5} y2={H - bottom + 0.5} stroke="currentColor" opacity={0.3} />
      </svg>
      <ul className="admin-legend" aria-hidden="true">
        {LABELS.map((l) => (
          <li key={l}>
            <span aria-hidden="true" style={{ background: VERDICTS[l].colour }} />
            {VERDICTS[l].text}
          </li>
        ))}
      </ul>
      {/* A table ignores the 1px box of .sr-only: its wrapper carries it. */}
      <div className="sr-only">
        <table>
          <caption>일별 판정 건수</caption>
          <thead>
            <tr>
              <th scope="col">날짜</th>
              <th scope="col">실행</th>
              {LABELS.map((l) => (
                <th key={l} scope="col">
                  {VERDICTS[l].text}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.day}>
                <th scope="row">{d.day}</th>
                <td>{d.runs}</td>
                {LABELS.map((l) => (
                  <td key={l}>{d.labels[l]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}

function StatsView({ stats }: { stats: AdminStats }) {
  const figures: [string, string][] = [
    ['실행', String(stats.runs)],
    ['완료', String(stats.complete)],
    ['취소', String(stats.cancelled)],
    ['저하(캐시 제외)', String(stats.degraded)],
    ['스트리밍', String(stats.streamed)],
    ['지연 p50', ms(stats.latency.p50_ms)],
    ['지연 p95', ms(stats.latency.p95_ms)],
  ];
  return (
    <>
      <dl className="admin-figures" data-testid="admin-figures">
        {figures.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <div className="card admin-table-wrap" role="region" aria-label="단계별 처리 시간 표" tabIndex={0}>
        <table className="admin-table" data-testid="stage-table">
          <caption>단계별 처리 시간과 오류율 (완료된 실행)</caption>
          <thead>
            <tr>
              <th scope="col">단계</th>
              <th scope="col">실행</th>
              <th scope="col">p50</th>
              <th scope="col">p95</th>
              <th scope="col">오류율</th>
            </tr>
          </thead>
          <tbody>
            {stats.stages.length === 0 && (
              <tr>
                <td colSpan={5} className="muted">
                  이 기간에 완료된 실행이 없어요.
                </td>
              </tr>
            )}
            {stats.stages.map((s) => (
              <tr key={s.stage}>
                <th scope="row" title={s.stage}>
                  {stageName(s.stage)}
                </th>
                <td>{s.runs}</td>
                <td>{ms(s.p50_ms)}</td>
                <td>{ms(s.p95_ms)}</td>
                <td
                  className={s.error_rate > 0 ? 'bad' : undefined}
                  title={`실패 ${s.failed} · 시간 초과 ${s.timeout} · 건너뜀 ${s.skipped}`}
                >
                  {rate(s.error_rate)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <LabelsChart days={stats.per_day} />
      <section className="card" aria-labelledby="admin-flags-title">
        <h3 id="admin-flags-title" className="section-title">
          자주 나온 위험 플래그
        </h3>
        {stats.top_flags.length === 0 ? (
          <p className="muted small">이 기간에 플래그가 없어요.</p>
        ) : (
          <ol className="small" data-testid="top-flags">
            {stats.top_flags.map((f) => (
              <li key={f.flag}>
                <code>{f.flag}</code> {f.count}건
              </li>
            ))}
          </ol>
        )}
      </section>
      <p className="muted small">
        {stats.from_day} ~ {stats.to_day} (한국 시간) · 결과 캐시로 응답한 요청은 저장되지 않아 여기에 세지 않아요.
      </p>
    </>
  );
}

/** 현황: how the verification service has been doing over the last days. */
export function StatsPanel() {
  const [days, setDays] = useState<number>(7);
  const stats = useLoad((signal) => getStats(days, signal), String(days));
  return (
    <>
      <div className="actions" style={{ marginTop: 0, marginBottom: '0.75rem' }}>
        <label htmlFor="admin-days" className="small">
          기간
        </label>
        <select id="admin-days" className="admin-select" value={days} onChange={(e) => setDays(Number(e.target.value))}>
          {PERIODS.map((d) => (
            <option key={d} value={d}>
              {d === 1 ? '오늘' : `최근 ${d}일`}
            </option>
          ))}
        </select>
        <button type="button" className="secondary" onClick={stats.reload} disabled={stats.loading}>
          새로고침
        </button>
      </div>
      {stats.error && (
        <p className="card error-text" role="alert">
          {stats.error}
        </p>
      )}
      {!stats.data && stats.loading && (
        <p className="muted" role="status">
          불러오는 중…
        </p>
      )}
      {stats.data && <StatsView stats={stats.data} />}
    </>
  );
}
