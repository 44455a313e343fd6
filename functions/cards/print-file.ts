/**
 * The print file of a card batch (card numbers and PINs): the only place the PINs exist in clear.
 * Written once when the batch is created; an export hands out a short-lived download link.
 */
import { groupCardNo } from '../../shared/domain/cards';

export interface PrintRow {
  cardNo: string;
  pin: string;
}

/** UTF-8 with a BOM (Excel in China opens it as it is), one card a line. */
export function printCsv(rows: PrintRow[], carried: { openingPoints: number; tierName: string | null }): string {
  const lines = ['卡号,密码,卡面卡号,开卡积分,等级'];
  for (const r of rows) lines.push(`${r.cardNo},${r.pin},${groupCardNo(r.cardNo)},${carried.openingPoints},${carried.tierName ?? ''}`);
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export const printFileName = (batchId: string) => `cards-${batchId}.csv`;
