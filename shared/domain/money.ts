/** "1,500" from 1500: thousands separated as people read amounts. */
export const groupThousands = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** ¥1,500.00 from 150000 fen; money is integer fen everywhere and formatted only for display. */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}¥${groupThousands(Math.floor(abs / 100))}.${String(abs % 100).padStart(2, '0')}`;
}

/** Parses "399", "399.5", "399.00" (and "1,500.00" as amounts are shown) into fen; null when not a valid amount. */
export function parseYuan(text: string): number | null {
  const m = /^\s*(\d{1,9}|\d{1,3}(?:,\d{3}){1,2})(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!m) return null;
  return Number(m[1]!.replace(/,/g, '')) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}
