/** The segment export in the marketers' words and time: tier names, masked phones, Beijing dates. */
import { segmentCsv } from '../../functions/segments/csv';
import { localDateTime } from '../../shared/domain';

const insight = { lifecycle: 'active' as const, rfm: { r: 5, f: 1, m: 2 }, orders12m: 1, spend12mFen: 39_900 };
const lily = { memberId: 'm_0000000001', phone: '13712340066', name: '莉莉', tierCode: 'GOLD', tags: ['蕾丝'], pointsBalance: 399, registrationStoreId: 'S001', lastStoreId: 'S001' };
const tierName = (code: string) => ({ GOLD: '金卡会员' })[code] ?? code;

describe('segment CSV', () => {
  it('shows a purchase at 05:26 Beijing time on 1 December as 2026-12-01 05:26, not the UTC day before', () => {
    const csv = segmentCsv([{ member: { ...lily, lastPurchaseAt: '2026-11-30T21:26:00.000Z' }, insight }], { phonesVisible: false, tierName });
    const [header, row] = csv.trim().split('\r\n');
    const cells = row!.split(',');
    const at = header!.split(',').indexOf('最近消费');
    expect(cells[at]).toBe('2026-12-01 05:26');
    expect(cells[1]).toBe('137****0066');
    expect(cells[3]).toBe('金卡会员');
    expect(csv).not.toContain('2026-11-30');
  });

  it('leaves 最近消费 empty for a member who never bought, and shows the phone when allowed', () => {
    const row = segmentCsv([{ member: lily, insight }], { phonesVisible: true, tierName }).trim().split('\r\n')[1]!.split(',');
    expect(row[1]).toBe('13712340066');
    expect(row[11]).toBe('');
  });

  it('reads any instant in Beijing time, across midnight and the year end', () => {
    expect(localDateTime('2026-12-31T16:00:00.000Z')).toBe('2027-01-01 00:00');
    expect(localDateTime(new Date('2026-06-01T15:59:00.000Z'))).toBe('2026-06-01 23:59');
  });
});
