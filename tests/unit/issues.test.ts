/**
 * No English reaches a screen from a refused request: every field message the contract's schemas produce
 * (zod's own wording and the contract's refinements) has its Chinese words in shared/contract/issues.ts,
 * and a refused field is named by its label on the screen, never by its raw path.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { routes, type RouteSpec } from '../../shared/contract/routes';
import { fieldLabel } from '../../shared/contract/errors';
import { issueWording, isWordedIssue } from '../../shared/contract/issues';

const LATIN_WORD = /[A-Za-z]{3,}/;
const GARBAGE: unknown[] = [null, 0, -1, 1.5, 1e12, '', 'x', 'not-a-date', '2026-02-30', '25:99', 'x'.repeat(2000), [], [null], [''], {}, { a: 1 }, true];

function shapeOf(schema: unknown): Record<string, z.ZodType> {
  let s = schema as { shape?: Record<string, z.ZodType>; def?: { innerType?: unknown; in?: unknown; schema?: unknown } } | undefined;
  for (let i = 0; i < 5 && s && !s.shape; i++) s = (s.def?.innerType ?? s.def?.in ?? s.def?.schema) as typeof s;
  return s?.shape ?? {};
}

/** The field messages of a schema on garbage at the top level and one level down. */
function messagesOf(schema: z.ZodType): string[] {
  const out = new Set<string>();
  const run = (input: unknown) => {
    const r = schema.safeParse(input);
    if (!r.success) for (const i of r.error.issues) out.add(i.message);
  };
  for (const g of GARBAGE) run(g);
  const shape = shapeOf(schema);
  for (const [k, field] of Object.entries(shape)) {
    for (const g of GARBAGE) run({ [k]: g });
    for (const [k2] of Object.entries(shapeOf(field))) for (const g of GARBAGE) run({ [k]: { [k2]: g } });
    for (const g of GARBAGE) run({ [k]: [g] });
  }
  return [...out];
}

describe('field messages of a refused request are worded in Chinese', () => {
  it('every message the route schemas give on bad input has its own Chinese words', () => {
    const unworded = new Set<string>();
    for (const [name, spec] of Object.entries(routes) as [string, RouteSpec][]) {
      for (const schema of [spec.body, spec.query, spec.params]) {
        if (!schema) continue;
        for (const m of messagesOf(schema)) if (!isWordedIssue(m)) unworded.add(m);
      }
    }
    expect([...unworded]).toEqual([]);
  });

  it("every message written in the contract's sources has its Chinese words", () => {
    const dir = join(__dirname, '../../shared/contract');
    const unworded: string[] = [];
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'errors.ts' && f !== 'issues.ts' && f !== 'openapi.ts')) {
      const src = readFileSync(join(dir, file), 'utf8');
      // .regex(/…/, 'words'), .min(n, 'words'), .refine(fn, 'words'), { message: 'words' }
      const found = [...src.matchAll(/(?:\.(?:regex|min|max|int|refine)\([^;]*?,\s*|message:\s*)'([^']+)'/g)].map((m) => m[1]!);
      for (const m of found) if (/\s/.test(m) && !isWordedIssue(m)) unworded.push(`${file}: ${m}`);
    }
    expect(unworded).toEqual([]);
  });

  it('words the messages people saw in English, in Chinese', () => {
    const seen = [
      'expected a calendar date YYYY-MM-DD',
      'thresholds must rise with the rank',
      'unknown placeholder {nickname}: use {name}, {tier}, {coupon} or {date}',
      'expected HH:MM',
      'an 11-digit mainland mobile number',
      'Too big: expected string to have <=20 characters',
      'Invalid input: expected number, received string',
      'something no table knows',
    ];
    const words = seen.map(issueWording);
    expect(words).toEqual([
      '日期无效，请按“年-月-日”填写，如 2026-12-01',
      '门槛须高于上一等级',
      '消息里有不支持的占位，可用：【姓名】、【等级】、【券名】、【日期】',
      '请按“时:分”填写，如 21:00',
      '请输入 11 位手机号',
      '最多 20 个字',
      '请填写数字',
      '格式不正确',
    ]);
    // Outside the placeholders a member or marketer types, no Latin word.
    for (const w of words) expect(w.replace(/\{\w+\}|「\w+」/g, '')).not.toMatch(LATIN_WORD);
  });

  it('names a refused field by its label on the screen, counting list items from 1', () => {
    expect(fieldLabel('phones.1')).toBe('第 2 个手机号');
    expect(fieldLabel('filter.registeredFrom')).toBe('注册起始日期');
    expect(fieldLabel('quietHours.start')).toBe('免打扰开始');
    expect(fieldLabel('items.0.unitPriceFen')).toBe('第 1 个商品的单价');
    expect(fieldLabel('tiers.2.threshold')).toBe('第 3 个等级的门槛');
    expect(fieldLabel('tiers.2.threshold', { 'tiers.2': '金卡会员', threshold: '升级门槛' })).toBe('金卡会员的升级门槛');
    expect(fieldLabel('somethingElse')).toBe('此项');
  });
});
