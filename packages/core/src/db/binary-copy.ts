/**
 * Writer for PostgreSQL's binary COPY format. Text COPY makes the server parse every value,
 * which inside PGlite's WebAssembly is the slow part of a bulk load (arrays and vectors
 * especially); binary rows arrive ready to store.
 */
export type BinaryValue =
  | { type: 'int4'; value: number }
  | { type: 'int8'; value: number }
  | { type: 'float8'; value: number }
  | { type: 'text'; value: string }
  | { type: 'bytea'; value: Uint8Array }
  | { type: 'vector'; value: ArrayLike<number> }
  | { type: 'null' };

/** The 19-byte file header (signature, flags, extension length) that opens a binary COPY. */
export const BINARY_COPY_HEADER: Buffer = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);
/** The field count -1 that closes a binary COPY. */
export const BINARY_COPY_TRAILER: Buffer = Buffer.from([0xff, 0xff]);

/**
 * Rows are written without the header and trailer: the back end adds them, once per COPY
 * statement (one per batch on PGlite, one for the whole stream on a server).
 */

export class BinaryCopyWriter {
  private parts: Buffer[] = [];
  private size = 0;
  private rows = 0;

  get byteLength(): number {
    return this.size;
  }

  get rowCount(): number {
    return this.rows;
  }

  addRow(values: readonly BinaryValue[]): void {
    const head = Buffer.allocUnsafe(2);
    head.writeInt16BE(values.length);
    this.push(head);
    for (const v of values) this.push(encode(v));
    this.rows++;
  }

  /** The rows written so far; the writer starts empty again. */
  take(): Buffer {
    const out = Buffer.concat(this.parts);
    this.parts = [];
    this.size = 0;
    this.rows = 0;
    return out;
  }

  private push(b: Buffer): void {
    this.parts.push(b);
    this.size += b.length;
  }
}

function withLength(payload: Buffer): Buffer {
  const out = Buffer.allocUnsafe(4 + payload.length);
  out.writeInt32BE(payload.length);
  payload.copy(out, 4);
  return out;
}

function encode(v: BinaryValue): Buffer {
  switch (v.type) {
    case 'null': {
      const b = Buffer.allocUnsafe(4);
      b.writeInt32BE(-1);
      return b;
    }
    case 'int4': {
      const b = Buffer.allocUnsafe(8);
      b.writeInt32BE(4);
      b.writeInt32BE(v.value, 4);
      return b;
    }
    case 'int8': {
      const b = Buffer.allocUnsafe(12);
      b.writeInt32BE(8);
      b.writeBigInt64BE(BigInt(v.value), 4);
      return b;
    }
    case 'float8': {
      const b = Buffer.allocUnsafe(12);
      b.writeInt32BE(8);
      b.writeDoubleBE(v.value, 4);
      return b;
    }
    case 'text':
      return withLength(Buffer.from(v.value, 'utf8'));
    case 'bytea':
      return withLength(Buffer.from(v.value.buffer, v.value.byteOffset, v.value.byteLength));
    case 'vector': {
      // pgvector's binary form: int16 dims, int16 unused, float4 × dims.
      const dims = v.value.length;
      const b = Buffer.allocUnsafe(4 + 4 + dims * 4);
      b.writeInt32BE(4 + dims * 4);
      b.writeInt16BE(dims, 4);
      b.writeInt16BE(0, 6);
      for (let i = 0; i < dims; i++) b.writeFloatBE(v.value[i]!, 8 + i * 4);
      return b;
    }
  }
}
