/**
 * Demo tag rules and a segment for `npm start` (not for the tests, whose members must start untagged):
 * "bought a SKU whose name contains 蕾丝" -> 蕾丝, "spent at least ¥1,500 in 12 months" -> 高消费, and a
 * saved segment of dormant or lost members. Idempotent: fixed ids, each written only if absent.
 */
import { putTagRule, addToCatalogue, getTagRule, type StoredTagRule } from '../../functions/adapters/dynamo/facts-repo';
import { createSegment, readSegment } from '../../functions/adapters/dynamo/segment-repo';
import { Tx } from '../../functions/adapters/dynamo/tx';

export async function seedDemoTags(now = new Date()): Promise<{ written: number }> {
  const at = now.toISOString();
  const rules: StoredTagRule[] = [
    { id: 'tr_demo0001', kind: 'skuNameContains', text: '蕾丝', tag: '蕾丝', enabled: true, createdAt: at, updatedAt: at },
    { id: 'tr_demo0002', kind: 'spend12mAtLeast', fen: 150_000, tag: '高消费', enabled: true, createdAt: at, updatedAt: at },
  ];
  let written = 0;
  for (const r of rules) {
    if (await getTagRule(r.id)) continue;
    const tx = new Tx();
    putTagRule(tx, r, true);
    if ((await tx.send()).ok) written++;
  }
  await addToCatalogue(['蕾丝', '高消费', '敏感肌'], 'seed', at);
  if (!(await readSegment('seg_demo0001'))) {
    const tx = new Tx();
    createSegment(tx, { id: 'seg_demo0001', name: '睡眠及流失会员', filter: { lifecycle: ['dormant', 'lost'] }, createdAt: at, createdBy: 'seed' });
    if ((await tx.send()).ok) written++;
  }
  return { written };
}
