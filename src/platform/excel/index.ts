/**
 * exceljs, loaded with the first workbook: importing it costs a process about 7.5 MB of heap, which
 * an instance that never exports a spreadsheet should not carry (it made every scavenge of a busy
 * server's young generation slower: docs/workorders.md, "Where that time goes").
 */
import type ExcelJSModule from 'exceljs';

export type ExcelJS = typeof ExcelJSModule;
export type Workbook = ExcelJSModule.Workbook;

let loaded: ExcelJS | undefined;

/** The exceljs module, imported on first use. */
export async function excelJs(): Promise<ExcelJS> {
  loaded ??= (await import('exceljs')).default;
  return loaded;
}
