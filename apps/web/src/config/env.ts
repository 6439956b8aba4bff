/**
 * The build profile's settings (`.env.dev`, `.env.beta`, `.env.prod`; see README). Checked once at
 * start so a broken build says what is wrong instead of misbehaving later.
 */
export type Profile = 'dev' | 'beta' | 'prod';

export interface AppEnv {
  profile: Profile;
  /** apps/web/package.json's version, set by the build. */
  version: string;
  /** Prefix for API calls; empty means this origin (the server serves the app). */
  apiBase: string;
  /** The client gives up on a verification after this long. */
  verifyTimeoutMs: number;
  /** Show each stage's time in the progress list. */
  showStageTimings: boolean;
}

export function parseEnv(raw: Record<string, string | boolean | undefined>): AppEnv {
  const profile = String(raw.VITE_PROFILE ?? 'dev');
  if (profile !== 'dev' && profile !== 'beta' && profile !== 'prod') {
    throw new Error(`VITE_PROFILE must be dev, beta or prod, not "${profile}"`);
  }
  const timeout = Number(raw.VITE_VERIFY_TIMEOUT_MS ?? 150_000);
  if (!Number.isFinite(timeout) || timeout < 1000)
    throw new Error(
      `VITE_VERIFY_TIMEOUT_MS must be a number of milliseconds ≥ 1000, not "${String(raw.VITE_VERIFY_TIMEOUT_MS)}"`,
    );
  return {
    profile,
    version: String(raw.VITE_APP_VERSION ?? '0.0.0'),
    apiBase: String(raw.VITE_API_BASE ?? '').replace(/\/$/, ''),
    verifyTimeoutMs: timeout,
    showStageTimings: String(raw.VITE_FLAG_STAGE_TIMINGS ?? '0') === '1',
  };
}

// `import.meta.env` exists only under Vite; component tests run the source under plain Node.
export const env: AppEnv = parseEnv((import.meta.env ?? {}) as Record<string, string | boolean | undefined>);
