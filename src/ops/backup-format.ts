/**
 * The griddesk backup file: one gzip stream of text, readable with `zcat`:
 *
 *   GRIDDESK-BACKUP 1
 *   {header JSON on one line: format version, migrations, tables with columns and row counts, sequences}
 *   COPY <table>            one section per table, in the header's (foreign-key) order:
 *   <rows in COPY text format>
 *   \.                      end of the section (COPY text escapes every backslash, so no row can be this line)
 *   ...
 *   FILE files/ab/<sha-256> <bytes>   the files of the file store, local or S3 (backup-files.ts), base64, each ended by \.
 *   END
 */
import type { SequenceValue, TableInfo } from './catalog.js';

export const MAGIC = 'GRIDDESK-BACKUP';
export const FORMAT_VERSION = 1;
export const END_OF_DATA = '\\.';
export const END_OF_FILE = 'END';

export interface BackupHeader {
  format: typeof MAGIC;
  version: number;
  createdAt: string;
  server: string;
  migrations: string[];
  tables: Array<TableInfo & { rows: number }>;
  sequences: SequenceValue[];
  /** Tables in (or depending on) a foreign-key cycle: restoring them needs checks off (superuser). */
  cyclicTables: string[];
  /** how many stored files (documents, inspection photos) follow the tables (absent in older backups) */
  files?: number;
  /** which kind of file store they were read from (absent in older backups); restore puts them into whichever the target uses */
  fileStore?: 'local' | 's3';
}

export class BackupFormatError extends Error {}

/**
 * Reads a byte stream line by line without decoding the COPY data: header lines as strings,
 * table sections as raw chunks of whole lines up to the end-of-data line.
 */
export class LineReader {
  private buf: Buffer = Buffer.alloc(0);
  private done = false;
  constructor(private readonly source: AsyncIterator<Buffer>) {}

  private async fill(): Promise<boolean> {
    if (this.done) return false;
    const next = await this.source.next();
    if (next.done) {
      this.done = true;
      return false;
    }
    this.buf = this.buf.length ? Buffer.concat([this.buf, next.value]) : next.value;
    return true;
  }

  /** The next line without its newline, or null at the end of the stream. */
  async readLine(): Promise<string | null> {
    for (;;) {
      const nl = this.buf.indexOf(10);
      if (nl >= 0) {
        const line = this.buf.subarray(0, nl).toString('utf8');
        this.buf = this.buf.subarray(nl + 1);
        return line;
      }
      if (!(await this.fill())) {
        if (this.buf.length === 0) return null;
        throw new BackupFormatError('backup file ends in the middle of a line (truncated?)');
      }
    }
  }

  /** Yields the raw bytes of whole data lines until the `\.` line, which it consumes. */
  async *readSection(): AsyncGenerator<Buffer> {
    for (;;) {
      let start = 0;
      let nl: number;
      while ((nl = this.buf.indexOf(10, start)) >= 0) {
        if (nl - start === 2 && this.buf[start] === 0x5c && this.buf[start + 1] === 0x2e) {
          if (start > 0) yield this.buf.subarray(0, start);
          this.buf = this.buf.subarray(nl + 1);
          return;
        }
        start = nl + 1;
      }
      if (start > 0) {
        const whole = this.buf.subarray(0, start);
        this.buf = this.buf.subarray(start);
        yield whole;
      }
      if (!(await this.fill())) throw new BackupFormatError('backup file ends inside a table section (truncated?)');
    }
  }
}

/** Counts newline bytes: rows in a chunk of COPY text. */
export function countLines(chunk: Buffer): number {
  let n = 0;
  let i = -1;
  while ((i = chunk.indexOf(10, i + 1)) >= 0) n++;
  return n;
}
