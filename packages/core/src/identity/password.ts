import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Password hashing with scrypt, built into Node: memory-hard, no native add-on to build or ship.
 * N = 2^16, r = 8 needs 64 MiB and about 150 ms per hash here, costly for a guesser with a stolen
 * table and affordable at login rates (libuv runs at most 4 at once: 256 MiB at worst).
 * The stored string names its parameters, so raising them later re-hashes on the next login.
 */
export const SCRYPT_PARAMS = { N: 2 ** 16, r: 8, p: 1 } as const;
const SALT_BYTES = 16;
const KEY_BYTES = 32;
const FORMAT = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/;

function derive(
  password: string,
  salt: Buffer,
  length: number,
  params: { N: number; r: number; p: number },
): Promise<Buffer> {
  // Node refuses above 32 MiB by default; scrypt needs 128 * N * r bytes, plus headroom.
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, length, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** `scrypt$N$r$p$salt$hash`, salt and hash in base64url. */
export async function hashPassword(
  password: string,
  params: { N: number; r: number; p: number } = SCRYPT_PARAMS,
): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, KEY_BYTES, params);
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** True when `password` matches `stored`; compares in constant time. A malformed hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const m = FORMAT.exec(stored);
  if (!m) return false;
  const [N, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const expected = Buffer.from(m[5]!, 'base64url');
  // A hash from a tampered row must not make us allocate gigabytes.
  if (N > 2 ** 20 || r > 32 || p > 16 || expected.length < 16) return false;
  const key = await derive(password, Buffer.from(m[4]!, 'base64url'), expected.length, { N, r, p });
  return timingSafeEqual(key, expected);
}

/** The stored hash uses weaker (or other) parameters than today's: replace it after a successful login. */
export function needsRehash(stored: string): boolean {
  const m = FORMAT.exec(stored);
  return !m || Number(m[1]) !== SCRYPT_PARAMS.N || Number(m[2]) !== SCRYPT_PARAMS.r || Number(m[3]) !== SCRYPT_PARAMS.p;
}

let dummy: Promise<string> | undefined;

/**
 * Verifies against a hash nobody's password matches, so an unknown email costs the same time
 * as a wrong password and the timing does not tell which emails have accounts.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummy ??= hashPassword(randomBytes(32).toString('base64url'));
  await verifyPassword(password, await dummy);
  return false;
}
