/** What the app ships or shows, and under which licence (Settings → 오픈소스 라이선스). */
export const LICENCES: { name: string; licence: string; note?: string }[] = [
  { name: 'React, React DOM', licence: 'MIT' },
  { name: 'Vite', licence: 'MIT', note: '빌드 도구' },
  { name: '한국어 위키백과 (샘플 위키)', licence: 'CC BY-SA 3.0 / GFDL', note: '위키백과 기여자들이 쓴 글' },
  { name: 'OLaLA', licence: '저장소의 LICENSE 파일 참고' },
];
