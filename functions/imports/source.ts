/**
 * Rows of an uploaded file, streamed from S3 (never whole in memory): CSV through iconv-lite (UTF-8
 * with or without BOM, else GBK as Excel in China saves it) and csv-parse; .xlsx through ExcelJS's
 * streaming reader (first worksheet). A row is its sheet line number (the header is line 1) and its cells.
 */
import { Readable, pipeline } from 'node:stream';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import { readFileStream } from '../adapters/s3/files';
import { detectEncoding, type Cell, type TextEncoding } from '../../shared/domain';

export interface SheetRow {
  /** Line in the sheet (the header is line 1). */
  line: number;
  cells: Cell[];
}

/** How many bytes decide the encoding. */
const SNIFF_BYTES = 64 * 1024;

/** The first bytes of a stream and a stream of all its bytes (head included). */
async function sniff(stream: Readable): Promise<{ head: Buffer; all: Readable }> {
  const it = stream[Symbol.asyncIterator]();
  const parts: Buffer[] = [];
  let size = 0;
  let ended = false;
  while (size < SNIFF_BYTES) {
    const n = await it.next();
    if (n.done) {
      ended = true;
      break;
    }
    const b = Buffer.from(n.value as Uint8Array);
    parts.push(b);
    size += b.length;
  }
  const head = Buffer.concat(parts);
  async function* rest() {
    yield head;
    if (ended) return;
    for (let n = await it.next(); !n.done; n = await it.next()) yield Buffer.from(n.value as Uint8Array);
  }
  return { head, all: Readable.from(rest(), { objectMode: false }) };
}

export interface OpenedSheet {
  encoding: TextEncoding | 'xlsx';
  rows: AsyncGenerator<SheetRow>;
  /** Stops reading (closes the S3 stream). */
  close(): void;
}

/** Opens the file at `key` for reading rows, header first. */
export async function openSheet(key: string, format: 'csv' | 'xlsx'): Promise<OpenedSheet> {
  const body = await readFileStream(key);
  if (format === 'xlsx') return { encoding: 'xlsx', rows: xlsxRows(body), close: () => body.destroy() };
  const { head, all } = await sniff(body);
  const encoding = detectEncoding(head);
  const parser = parse({ relax_column_count: true, relax_quotes: true, skip_empty_lines: false, bom: true, trim: false });
  // pipeline: an error anywhere (S3, decoding) ends the parser with it, and closing early ends them all quietly.
  body.on('error', () => {});
  pipeline(all, iconv.decodeStream(encoding === 'gbk' ? 'gbk' : 'utf8', { stripBOM: true }), parser, () => {});
  async function* rows(): AsyncGenerator<SheetRow> {
    let line = 0;
    for await (const rec of parser as AsyncIterable<string[]>) {
      line++;
      yield { line, cells: rec };
    }
  }
  return {
    encoding,
    rows: rows(),
    close: () => {
      parser.destroy();
      body.destroy();
    },
  };
}

/** A cell of ExcelJS as text, number or date (rich text, hyperlinks and formulas give their text or result). */
function cellOf(v: unknown): Cell {
  if (v == null) return null;
  if (typeof v === 'string' || typeof v === 'number' || v instanceof Date) return v;
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: string };
    if (o.richText) return o.richText.map((r) => r.text).join('');
    if (o.result !== undefined) return cellOf(o.result);
    if (o.text !== undefined) return cellOf(o.text);
  }
  return String(v);
}

async function* xlsxRows(body: Readable): AsyncGenerator<SheetRow> {
  const ExcelJS = (await import('exceljs')).default;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(body, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
  for await (const sheet of reader) {
    let last = 0;
    for await (const row of sheet) {
      // Blank lines between rows keep their numbers (the error file names sheet lines).
      for (let l = last + 1; l < row.number; l++) yield { line: l, cells: [] };
      last = row.number;
      const values = (row.values as unknown[]) ?? [];
      const cells: Cell[] = [];
      for (let i = 1; i < values.length; i++) cells.push(cellOf(values[i]));
      yield { line: row.number, cells };
    }
    return; // the first worksheet only
  }
}
