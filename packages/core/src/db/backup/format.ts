import { createHash, type Hash } from 'node:crypto';
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Transform, Writable } from 'node:stream';
import { UserError } from '../../errors.js';
import { loadMigrations, SchemaTooNewError } from '../migrate.js';
import type { Backend } from '../types.js';

/**
 * An OLaLA backup is one file: a fixed-size header, then the payload (a pg_dump custom-format
 * archive, or PGlite's gzipped data-folder tarball). The header is written last, in place, once
 * the payload's length and SHA-256 are known, so a backup that stopped half-way has no valid
 * header. It is padded JSON so `head -c 16384 FILE` shows what a file is.
 */
export const HEADER_BYTES = 16 * 1024;
const MAGIC = 'OLALA-BACKUP 1\n';

export type PayloadKind = 'pg_dump-custom' | 'pglite-datadir-tgz';

export interface BackupHeader {
  format: 'olala-backup';
  formatVersion: 1;
  backend: Backend;
  payload: PayloadKind;
  createdAt: string;
  /** The highest migration applied in the backed-up database. */
  schemaVersion: number;
  migrations: number[];
  /** Exact row counts of every table, taken in the backup's own snapshot. */
  tables: Record<string, number>;
  /** e.g. "PostgreSQL 17.2" or "PostgreSQL 18.6 (PGlite 0.5.14)". */
  serverVersion: string;
  payloadBytes: number;
  sha256: string;
}

export class BackupFileError extends UserError {
  constructor(file: string, reason: string) {
    super(`${file}: ${reason}; nothing was changed`);
    this.name = 'BackupFileError';
  }
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function encodeHeader(header: BackupHeader | null): Buffer {
  const buf = Buffer.alloc(HEADER_BYTES, 0x20);
  // The header checks itself too: a flipped digit in a row count or a migration number would
  // otherwise pass unnoticed, since the payload checksum does not cover it.
  const text = MAGIC + (header ? JSON.stringify({ ...header, headerSha256: sha256(JSON.stringify(header)) }) : '');
  if (Buffer.byteLength(text) > HEADER_BYTES - 1)
    throw new Error(
      `backup header is larger than ${HEADER_BYTES} bytes (${Object.keys(header?.tables ?? {}).length} tables)`,
    );
  buf.write(text, 0, 'utf8');
  buf[HEADER_BYTES - 1] = 0x0a;
  return buf;
}

/**
 * Writes `FILE.partial`, lets `fill` stream the payload into it after the header, then writes
 * the header and renames the file into place: a reader never sees a half-written backup.
 */
export async function writeBackupFile(
  file: string,
  meta: Omit<BackupHeader, 'format' | 'formatVersion' | 'payloadBytes' | 'sha256'>,
  payload: NodeJS.ReadableStream | AsyncIterable<Uint8Array>,
  onBytes?: (bytes: number) => void,
): Promise<BackupHeader> {
  const partial = `${file}.partial`;
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    fs.writeFileSync(partial, encodeHeader(null));
    const count = hashing(hash, (n) => {
      bytes = n;
      onBytes?.(n);
    });
    await pipeline(payload, count, fs.createWriteStream(partial, { flags: 'r+', start: HEADER_BYTES }));
    const header: BackupHeader = {
      format: 'olala-backup',
      formatVersion: 1,
      ...meta,
      payloadBytes: bytes,
      sha256: hash.digest('hex'),
    };
    const fd = fs.openSync(partial, 'r+');
    try {
      fs.writeSync(fd, encodeHeader(header), 0, HEADER_BYTES, 0);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(partial, file);
    return header;
  } catch (err) {
    fs.rmSync(partial, { force: true });
    throw err;
  }
}

/** Reads and checks the header only: cheap, and enough to refuse a foreign or too-new file. */
export function readBackupHeader(file: string): BackupHeader {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (err) {
    throw new UserError(
      `--from: cannot open ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
  }
  const buf = Buffer.alloc(HEADER_BYTES);
  let size: number;
  try {
    size = fs.fstatSync(fd).size;
    fs.readSync(fd, buf, 0, HEADER_BYTES, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (buf.subarray(0, MAGIC.length).toString('latin1') !== MAGIC) {
    const hint =
      buf.subarray(0, 5).toString('latin1') === 'PGDMP'
        ? ' (it is a bare pg_dump archive: restore it with pg_restore)'
        : '';
    throw new BackupFileError(file, `not an OLaLA backup${hint}`);
  }
  let header: BackupHeader;
  try {
    const { headerSha256, ...rest } = JSON.parse(
      buf.subarray(MAGIC.length).toString('utf8').trimEnd(),
    ) as BackupHeader & { headerSha256?: string };
    if (headerSha256 !== sha256(JSON.stringify(rest))) throw new Error('header checksum');
    header = rest;
  } catch {
    throw new BackupFileError(file, 'the backup header is damaged or the backup never finished');
  }
  if (header.format !== 'olala-backup' || header.formatVersion !== 1) {
    throw new BackupFileError(
      file,
      `unsupported backup format ${String(header.format)} version ${String(header.formatVersion)}`,
    );
  }
  const expected = HEADER_BYTES + header.payloadBytes;
  if (size !== expected) {
    throw new BackupFileError(
      file,
      `the file is ${size} bytes but its header says ${expected}: it was ${size < expected ? 'truncated' : 'appended to'}`,
    );
  }
  return header;
}

/** Refuses a backup whose schema has migrations this code does not know. */
export function checkSchemaKnown(header: BackupHeader): void {
  const known = new Set(loadMigrations().map((m) => m.version));
  const unknown = header.migrations.filter((v) => !known.has(v));
  if (unknown.length) throw new SchemaTooNewError(unknown);
}

/**
 * Streams the payload out of the file (to `sink`, e.g. a temporary file) while hashing it;
 * throws before the caller touches any database when the checksum does not match.
 */
export async function extractPayload(
  file: string,
  header: BackupHeader,
  sink: NodeJS.WritableStream,
  onBytes?: (bytes: number) => void,
): Promise<void> {
  const hash = createHash('sha256');
  let bytes = 0;
  const count = hashing(hash, (n) => {
    bytes = n;
    onBytes?.(n);
  });
  await pipeline(fs.createReadStream(file, { start: HEADER_BYTES }), count, sink);
  if (bytes !== header.payloadBytes || hash.digest('hex') !== header.sha256) {
    throw new BackupFileError(
      file,
      'checksum mismatch: the backup is corrupt (changed or damaged after it was written)',
    );
  }
}

/** Checks the payload's length and checksum without keeping it. */
export function verifyPayload(file: string, header: BackupHeader, onBytes?: (bytes: number) => void): Promise<void> {
  return extractPayload(file, header, new Writable({ write: (_chunk, _enc, done) => done() }), onBytes);
}

/** A pass-through that feeds every chunk of the payload to `hash` and reports the bytes so far: writing and reading a backup hash it the same way. */
function hashing(hash: Hash, onBytes: (bytes: number) => void): Transform {
  let bytes = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      bytes += chunk.length;
      onBytes(bytes);
      done(null, chunk);
    },
  });
}
