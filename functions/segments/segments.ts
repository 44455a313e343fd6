/**
 * Tags (by hand, by rule, in bulk from a segment), tag rules, RFM settings, a member's insight
 * (tags, RFM, lifecycle) and saved segments with their live count, sample and CSV export.
 */
import { randomBytes } from 'node:crypto';
import type { MemberInsight, RfmConfigSchema, Segment, SegmentFilter, TagRuleInput } from '../../shared/contract/segments';
import { rfmConfigProblem, sameTags, withTags, type RfmConfig } from '../../shared/domain/rfm';
import { recordAudit, recordProfileChange } from '../adapters/dynamo/account-repo';
import { adminPermissions } from '../adapters/dynamo/admin-repo';
import { addToCatalogue, deleteTagRule, getTagRule, listTagCatalogue, listTagRules, saveRfmSettings, saveTagRule, type ProfileFacts, type StoredTagRule } from '../adapters/dynamo/facts-repo';
import { getMember } from '../adapters/dynamo/member-repo';
import { listSegments as readSegments, saveSegment } from '../adapters/dynamo/segment-repo';
import { loadBrandConfig } from '../adapters/dynamo/brand-repo';
import { clock } from '../lib/clock';
import { fail } from '../lib/errors';
import type { Session } from '../lib/session';
import { clearFactsCache, rfmConfig } from '../facts/collaboration';
import { insightOf, memberInsight } from '../facts/collaboration';
import { optimistic, today } from '../core';
import { getSegment, profilesOf, segmentMembers } from './query';
import { segmentCsv } from './csv';

const newId = (prefix: string) => `${prefix}_${randomBytes(8).toString('hex')}`;

// ---- a member's insight and tags by hand ------------------------------------------------------

export async function getMemberInsight(memberId: string): Promise<MemberInsight> {
  const m = await getMember(memberId);
  if (!m) throw fail('member_not_found', 'member not found');
  return memberInsight(m);
}

const tagsTarget = (memberId: string) => `member:${memberId}`;

/** Adds and removes tags by hand (admin or clerk), audited with before and after. */
export async function changeMemberTags(session: Session, memberId: string, add: string[], remove: string[]): Promise<MemberInsight> {
  const both = add.filter((t) => remove.includes(t));
  if (both.length) throw fail('invalid_input', `a tag cannot be added and removed at once: ${both.join(', ')}`, [{ path: 'remove', message: 'also in add' }]);
  const actor = session.roles.includes('admin') ? session.openid : `${session.openid}@${session.storeId ?? '-'}`;
  const m = await optimistic(async () => {
    const member = await getMember(memberId);
    if (!member) throw fail('member_not_found', 'member not found');
    const before = member.tags ?? [];
    const next = withTags(before, add, remove);
    if (sameTags(before, next)) return { done: member };
    const at = clock.now().toISOString();
    const out = await recordProfileChange({
      memberId,
      qrev: member.qrev,
      extra: { memberTags: next },
      audit: { at, actor, action: 'member.tags', target: tagsTarget(memberId), before: { tags: before }, after: { tags: next, added: add, removed: remove } },
    });
    if (!out.ok) return 'retry';
    return { done: { ...member, tags: next } };
  });
  if (add.length) await addToCatalogue(add, actor, clock.now().toISOString());
  return memberInsight(m);
}

/** Adds one tag to a member (bulk tagging); false when she already had it. */
async function addTag(memberId: string, tag: string): Promise<boolean> {
  return optimistic(async () => {
    const member = await getMember(memberId);
    if (!member) return { done: false };
    const before = member.tags ?? [];
    if (before.includes(tag)) return { done: false };
    const out = await recordProfileChange({ memberId, qrev: member.qrev, extra: { memberTags: withTags(before, [tag]) } });
    return out.ok ? { done: true } : 'retry';
  });
}

// ---- the tag catalogue and tag rules ----------------------------------------------------------

export async function tagCatalogue() {
  const [tags, rules] = await Promise.all([listTagCatalogue(), listTagRules()]);
  // Tags given by rules are listed even before anyone holds them.
  const known = new Set(tags.map((t) => t.tag));
  for (const r of rules) if (!known.has(r.tag)) tags.push({ tag: r.tag, createdAt: r.createdAt, createdBy: 'rule' }), known.add(r.tag);
  return { tags: tags.sort((a, b) => a.tag.localeCompare(b.tag, 'zh')) };
}

export async function createTag(session: Session, tag: string) {
  const at = clock.now().toISOString();
  await addToCatalogue([tag], session.openid, at);
  return tagCatalogue();
}

const ruleFields = (input: TagRuleInput) =>
  input.kind === 'skuNameContains' ? { text: input.text } : input.kind === 'spend12mAtLeast' ? { fen: input.fen } : { orders: input.orders };

const ruleView = (r: StoredTagRule) => ({ ...r, enabled: r.enabled !== false });

export async function tagRules() {
  return { rules: (await listTagRules()).map(ruleView) };
}

export async function createTagRule(session: Session, input: TagRuleInput) {
  const at = clock.now().toISOString();
  const rule: StoredTagRule = { id: newId('tr'), kind: input.kind, tag: input.tag, ...ruleFields(input), enabled: input.enabled ?? true, createdAt: at, updatedAt: at };
  const out = await saveTagRule(rule, true, { at, actor: session.openid, action: 'tag.rule.create', target: `tagrule:${rule.id}`, before: null, after: rule });
  if (!out.ok) throw fail('conflict', 'the rule could not be saved; try again');
  clearFactsCache();
  await addToCatalogue([rule.tag], 'rule', at);
  return ruleView(rule);
}

export async function updateTagRule(session: Session, id: string, input: TagRuleInput) {
  const before = await getTagRule(id);
  if (!before) throw fail('tag_rule_not_found', 'no such tag rule');
  const at = clock.now().toISOString();
  const rule: StoredTagRule = { id, kind: input.kind, tag: input.tag, ...ruleFields(input), enabled: input.enabled ?? true, createdAt: before.createdAt, updatedAt: at };
  const out = await saveTagRule(rule, false, { at, actor: session.openid, action: 'tag.rule.update', target: `tagrule:${id}`, before, after: rule });
  if (!out.ok) throw fail('tag_rule_not_found', 'no such tag rule');
  clearFactsCache();
  await addToCatalogue([rule.tag], 'rule', at);
  return ruleView(rule);
}

export async function removeTagRule(session: Session, id: string) {
  const before = await getTagRule(id);
  if (!before) throw fail('tag_rule_not_found', 'no such tag rule');
  const at = clock.now().toISOString();
  const deleted = await deleteTagRule(id);
  await recordAudit({ at, actor: session.openid, action: 'tag.rule.delete', target: `tagrule:${id}`, before, after: null });
  clearFactsCache();
  return { id, deleted };
}

// ---- RFM settings ------------------------------------------------------------------------------

export async function getRfmConfig() {
  return rfmConfig();
}

export async function setRfmConfig(session: Session, config: RfmConfigSchema) {
  const problem = rfmConfigProblem(config as RfmConfig);
  if (problem) throw fail('invalid_input', problem, [{ path: 'config', message: problem }]);
  const before = await rfmConfig();
  const at = clock.now().toISOString();
  await saveRfmSettings(config as RfmConfig, { at, actor: session.openid, action: 'rfm.settings', target: 'rfm-settings', before, after: config });
  clearFactsCache();
  return rfmConfig();
}

// ---- segments ----------------------------------------------------------------------------------

const filterProblem = (f: SegmentFilter) => {
  if (f.registeredFrom && f.registeredTo && f.registeredFrom > f.registeredTo) return { path: 'filter.registeredTo', message: 'before registeredFrom' };
  if (f.lastPurchaseFrom && f.lastPurchaseTo && f.lastPurchaseFrom > f.lastPurchaseTo) return { path: 'filter.lastPurchaseTo', message: 'before lastPurchaseFrom' };
  if (f.pointsMin !== undefined && f.pointsMax !== undefined && f.pointsMin > f.pointsMax) return { path: 'filter.pointsMax', message: 'below pointsMin' };
  return null;
};
function checkFilter(f: SegmentFilter) {
  const p = filterProblem(f);
  if (p) throw fail('invalid_input', `invalid filter: ${p.path} ${p.message}`, [p]);
}

export async function createSegment(session: Session, input: { name: string; filter: SegmentFilter }): Promise<Segment> {
  checkFilter(input.filter);
  const s: Segment = { id: newId('seg'), name: input.name, filter: input.filter, createdAt: clock.now().toISOString(), createdBy: session.openid };
  const out = await saveSegment(s, { at: s.createdAt, actor: session.openid, action: 'segment.create', target: `segment:${s.id}`, before: null, after: s });
  if (!out.ok) throw fail('conflict', 'the segment could not be saved; try again');
  return s;
}

export async function listSegments() {
  return { segments: await readSegments() };
}

export async function segmentOr404(id: string): Promise<Segment> {
  const s = await getSegment(id);
  if (!s) throw fail('segment_not_found', 'no such segment');
  return s;
}

const SAMPLE = 20;

export async function previewSegment(filter: SegmentFilter) {
  checkFilter(filter);
  const day = today();
  const config = await rfmConfig();
  const r = await segmentMembers(filter, { today: day, config, limit: SAMPLE });
  const sampled = r.profiles ?? (await profilesOf(r.memberIds, false));
  const profiles = Array.isArray(sampled) ? sampled : sampled.profiles;
  const itemsRead = r.itemsRead + (Array.isArray(sampled) ? 0 : sampled.itemsRead);
  return { count: r.count, sample: profiles.map((p) => insightOf(p, day, config)), itemsRead, engine: r.engine, asOf: r.asOf };
}

/** Whether this admin may see phone numbers in full: the `phones` permission on her admin role item. */
export async function mayExportPhones(openid: string): Promise<boolean> {
  return (await adminPermissions(openid)).includes('phones');
}

export async function exportSegment(session: Session, id: string) {
  const s = await segmentOr404(id);
  const day = today();
  const [config, phones, brand] = await Promise.all([rfmConfig(), mayExportPhones(session.openid), loadBrandConfig()]);
  const r = await segmentMembers(s.filter, { today: day, withPoints: true, config, limit: null });
  const profiles = r.profiles ?? (await profilesOf(r.memberIds, true)).profiles;
  const tierName = (code: string) => brand?.tiers.tiers.find((t) => t.code === code)?.name ?? code;
  const members = profiles.map((p) => ({ member: p, insight: insightOf(p, day, config) }));
  const csv = segmentCsv(members, { phonesVisible: phones, tierName });
  const rows = members;
  await recordAudit({ at: clock.now().toISOString(), actor: session.openid, action: 'segment.export', target: `segment:${id}`, before: null, after: { count: rows.length, phonesVisible: phones } });
  return { segmentId: id, count: rows.length, phonesVisible: phones, csv, engine: r.engine, asOf: r.asOf };
}

/** Gives every member of the segment a tag (idempotent: members who have it are left alone); audited once. */
export async function bulkTag(session: Session, id: string, tag: string) {
  const s = await segmentOr404(id);
  const r = await segmentMembers(s.filter, { today: today(), limit: null });
  // The live path has the profiles at hand; the analytical one gives ids (addTag skips members who have the tag).
  const ids = r.profiles ? r.profiles.filter((p) => !p.tags.includes(tag)).map((p) => p.memberId) : r.memberIds;
  let tagged = 0;
  const workers = Array.from({ length: Math.min(8, ids.length) }, async (_, w) => {
    for (let i = w; i < ids.length; i += 8) {
      if (await addTag(ids[i]!, tag)) tagged++;
    }
  });
  await Promise.all(workers);
  const at = clock.now().toISOString();
  await addToCatalogue([tag], session.openid, at);
  await recordAudit({ at, actor: session.openid, action: 'segment.tag', target: `segment:${id}`, before: null, after: { tag, matched: r.count, tagged, engine: r.engine } });
  return { tag, matched: r.count, tagged, engine: r.engine, asOf: r.asOf };
}

export type { ProfileFacts };
