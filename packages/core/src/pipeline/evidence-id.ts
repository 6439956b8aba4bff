import { createHash } from 'node:crypto';

/** "ev_" + 8 hex digits: short enough for a small model to copy back, stable within a run. */
export function evidenceId(...parts: (string | number)[]): string {
  return `ev_${createHash('sha1').update(parts.join('\u0000')).digest('hex').slice(0, 8)}`;
}
