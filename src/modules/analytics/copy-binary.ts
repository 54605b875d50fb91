/**
 * PostgreSQL's binary COPY format (pure): a header, then per row the field count and each field as
 * length + bytes (−1 for NULL), then a trailer. Binary rows spare the server parsing text: times go
 * as microseconds since 2000-01-01, numbers as big-endian integers.
 */
const PG_EPOCH_S = 946_684_800;

export class BinaryCopyWriter {
  private buf: Buffer;
  private at = 0;

  constructor(sizeHint = 1 << 20) {
    this.buf = Buffer.allocUnsafe(Math.max(64, sizeHint));
    this.buf.write('PGCOPY\n\xff\r\n\0', 0, 'latin1');
    this.at = 11;
    this.int32(0); // flags
    this.int32(0); // header extension length
  }

  private room(n: number) {
    if (this.at + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + n));
    this.buf.copy(next, 0, 0, this.at);
    this.buf = next;
  }
  private int32(v: number) {
    this.room(4);
    this.buf.writeInt32BE(v, this.at);
    this.at += 4;
  }

  row(fields: number) {
    this.room(2);
    this.buf.writeInt16BE(fields, this.at);
    this.at += 2;
  }
  null() {
    this.int32(-1);
  }
  text(v: string | null) {
    if (v === null) return this.null();
    const n = Buffer.byteLength(v, 'utf8');
    this.room(4 + n);
    this.buf.writeInt32BE(n, this.at);
    this.buf.write(v, this.at + 4, 'utf8');
    this.at += 4 + n;
  }
  int4(v: number | null) {
    if (v === null) return this.null();
    this.room(8);
    this.buf.writeInt32BE(4, this.at);
    this.buf.writeInt32BE(v, this.at + 4);
    this.at += 8;
  }
  /** a 64-bit integer from a safe JavaScript integer, as two 32-bit halves (no BigInt per value) */
  private int64(v: number) {
    const hi = Math.floor(v / 4294967296);
    this.buf.writeInt32BE(8, this.at);
    this.buf.writeInt32BE(hi, this.at + 4);
    this.buf.writeUInt32BE(v - hi * 4294967296, this.at + 8);
    this.at += 12;
  }
  int8(v: number | null) {
    if (v === null) return this.null();
    this.room(12);
    this.int64(v);
  }
  bool(v: boolean) {
    this.room(5);
    this.buf.writeInt32BE(1, this.at);
    this.buf[this.at + 4] = v ? 1 : 0;
    this.at += 5;
  }
  /** epoch seconds → timestamptz */
  time(epochS: number | null) {
    if (epochS === null) return this.null();
    this.room(12);
    this.int64((epochS - PG_EPOCH_S) * 1_000_000);
  }

  /** The whole COPY data, trailer included. */
  finish(): Buffer {
    this.room(2);
    this.buf.writeInt16BE(-1, this.at);
    this.at += 2;
    return this.buf.subarray(0, this.at);
  }
}
