import { spawn } from 'node:child_process';
import path from 'node:path';

export const OLALA = path.resolve(import.meta.dirname, '../bin/olala.mjs');

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `olala …` in a child process without blocking this one, so a server started by the
 * test in this process can answer the child.
 */
export function olala(env: Record<string, string>, ...args: string[]): Promise<Run> {
  return olalaWithInput(env, undefined, ...args);
}

/** The same, with `input` written to its stdin (a pipe: never a terminal). */
export function olalaWithInput(
  env: Record<string, string>,
  input: string | undefined,
  ...args: string[]
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [OLALA, ...args], { env: { ...process.env, OLALA_DEBUG: '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    if (input !== undefined) child.stdin.end(input);
  });
}

/** No stack trace reaches the operator. */
export const STACK = /^\s+at .+:\d+:\d+\)?$/m;
