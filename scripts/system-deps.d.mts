// Types for scripts/system-deps.mjs (plain JS so that it runs before npm deps exist).

export interface SystemNeed {
  /** What it is for, shown in messages. */
  what: string;
  /** True when it is installed. */
  check: () => boolean;
  /** Debian packages that provide it. */
  packages: string[];
  /** Added to the error when apt-get fails. */
  hint?: string;
}

export interface SystemDepsOptions {
  /** apt-get to run (default $OLALA_APT_GET or apt-get on PATH). */
  aptGet?: string;
  /** The machine-wide lock file (default $OLALA_SYSTEM_DEPS_LOCK or <tmpdir>/olala-system-deps.lock). */
  lockFile?: string;
  isRoot?: boolean;
  waitMs?: number;
  pollMs?: number;
  aptLockTimeoutSeconds?: number;
  log?: (message: string) => void;
}

export const CHROMIUM: string;
export function chromiumNeed(): SystemNeed;
export function ensureSystemPackages(needs: SystemNeed[], options?: SystemDepsOptions): string[];
export function withLock<T>(file: string, what: string, fn: () => T, options?: { waitMs?: number; pollMs?: number; log?: (message: string) => void }): T;
