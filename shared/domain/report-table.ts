/**
 * A report as a table (issue 18): what each report's CSV export holds. Capabilities build their
 * report's table from the same figures their page shows; functions/insight/exports.ts writes it to S3.
 * Headers in Chinese (the marketers open the file in Excel); money already in yuan as text.
 */
export interface ReportTable {
  /** File name stem, Chinese allowed (e.g. 经营看板-近30天). */
  title: string;
  header: string[];
  rows: (string | number | null)[][];
}

const cell = (v: string | number | null) => {
  const s = v === null ? '' : String(v);
  // Quote what CSV needs quoted, and defuse formula injection (a leading = + - @ in a text cell).
  const text = typeof v === 'string' && /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(text) || text !== s ? `"${text.replace(/"/g, '""')}"` : text;
};

/** CRLF lines, header first, UTF-8 BOM in front so Excel reads Chinese. */
export function tableCsv(t: ReportTable): string {
  return `\ufeff${[t.header, ...t.rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}

/** Fen as yuan with two decimals, for report cells. */
export const yuan = (fen: number) => (fen / 100).toFixed(2);
