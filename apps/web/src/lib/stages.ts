import type { StageName } from '@olala/contract/truth';

/** The pipeline's stages in the order they finish, with the names the user sees. */
export const STAGES: readonly { name: StageName; label: string }[] = [
  { name: 'stage00_ocr', label: '이미지 글자 읽기' },
  { name: 'stage01_normalize', label: '정규화' },
  { name: 'stage02_querygen', label: '검색어 생성' },
  { name: 'stage03_wiki', label: '위키 검색' },
  { name: 'stage03_web', label: '뉴스 검색' },
  { name: 'stage03_merge', label: '근거 병합' },
  { name: 'stage04_score', label: '점수 계산' },
  { name: 'stage05_topk', label: '근거 선택' },
  { name: 'stage06_verify_support', label: '지지 검토' },
  { name: 'stage07_verify_skeptic', label: '반박 검토' },
  { name: 'stage08_aggregate', label: '종합' },
  { name: 'stage09_judge', label: '최종 판정' },
];

/** Every stage must have a Korean name: a new stage in the contract fails the typecheck here. */
export const STAGE_LABELS: Record<StageName, string> = Object.fromEntries(
  STAGES.map((s) => [s.name, s.label]),
) as Record<StageName, string>;

/** A stage as the server reported it finished (single checks, and each claim of an article). */
export interface StageEvent {
  stage: StageName;
  status: string;
  ms?: number;
}

/** A finished stage's status as the progress lists say it. */
export const STAGE_STATUS_TEXT: Readonly<Record<string, string>> = {
  ok: '완료',
  skipped: '건너뜀',
  failed: '실패',
  timeout: '시간 초과',
};
