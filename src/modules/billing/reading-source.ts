/**
 * The lines of a reading file, read once more for every pass of the import (docs/billing.md §9): from the text
 * of an upload, or streamed from a file on disk so that a file of any size is never held whole in memory.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

/** A reading file: its text (an upload, a generated file) or the path of a file on disk (the CLI). */
export type ReadingSource = { text: string } | { path: string };

/** The SHA-256 of the file's content (of its bytes; for a text, of its UTF-8 encoding: the same for the same file). */
export type Checksum = string;

/**
 * Calls `each` with every line (without its line break; blank and comment lines included) and its number from 1,
 * in order; awaits what `each` returns only when it returns a promise. `onBytes(done, total)` is told how far the
 * read got (bytes of a file, characters of a text) every 1 MiB or so. Returns the content's SHA-256.
 */
export async function forEachLine(
  src: ReadingSource,
  each: (raw: string, lineNo: number) => void | Promise<void>,
  onBytes?: (done: number, total: number) => void,
): Promise<Checksum> {
  const hash = createHash('sha256');
  let lineNo = 0;
  let rest = '';
  /** the complete lines of `text` (after what was left of the previous piece); the last, unfinished one is kept */
  const lines = async (text: string, last: boolean) => {
    let s = rest + text;
    let from = 0;
    for (;;) {
      const nl = s.indexOf('\n', from);
      if (nl < 0) break;
      const r = each(s.slice(from, nl), ++lineNo);
      if (r) await r;
      from = nl + 1;
    }
    s = s.slice(from);
    if (last) {
      const r = each(s, ++lineNo);
      if (r) await r;
      rest = '';
    } else rest = s;
  };
  if ('text' in src) {
    hash.update(src.text);
    const PIECE = 1 << 20;
    for (let i = 0; i < src.text.length; i += PIECE) {
      await lines(src.text.slice(i, i + PIECE), false);
      onBytes?.(Math.min(i + PIECE, src.text.length), src.text.length);
    }
    await lines('', true);
    return hash.digest('hex');
  }
  const total = (await fs.promises.stat(src.path)).size;
  const decoder = new StringDecoder('utf8');
  let done = 0;
  for await (const chunk of fs.createReadStream(src.path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    done += chunk.length;
    await lines(decoder.write(chunk), false);
    onBytes?.(done, total);
  }
  await lines(decoder.end(), true);
  return hash.digest('hex');
}
