/**
 * Questionnaires (issue 19): SURVEY#<id>/SURVEY (listed newest first through GSI1 SURVEYS), its results
 * counters SURVEY#<id>/RESULTS#<shard>, members' answers SURVEY#<id>/ANSWER#<memberId> (once each) and
 * text answers SURVEY#<id>/TEXT#<question>#<at>#<memberId> (paged, newest first).
 */
import { BatchGetCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { SurveyAudience } from '../../../shared/contract/surveys';
import type { Answers, ResultCounters, SurveyQuestion } from '../../../shared/domain/survey';
import { RESULT_SHARDS } from '../../../shared/domain/survey';
import { writeAudit, writeTierState, type AuditEntry } from './account-repo';
import { db } from './client';
import { toProfileFacts, type ProfileFacts } from './facts-repo';
import { indexKeys, keys } from './keys';
import { queryAll } from './read';
import { Tx } from './tx';
import { commit, type Written } from './unit';

export type SurveyState = 'draft' | 'open' | 'closed';

export interface SurveyRecord {
  id: string;
  title: string;
  intro: string;
  questions: SurveyQuestion[];
  audience: SurveyAudience;
  points: number;
  state: SurveyState;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  publishedAt: string | null;
  closedAt: string | null;
}

const toSurvey = (i: Record<string, unknown>): SurveyRecord => ({
  id: String(i.id),
  title: String(i.title),
  intro: (i.intro as string | undefined) ?? '',
  questions: (i.questions as SurveyQuestion[] | undefined) ?? [],
  audience: (i.audience as SurveyAudience | undefined) ?? { kind: 'all' },
  points: (i.points as number | undefined) ?? 0,
  state: i.state as SurveyState,
  createdAt: String(i.createdAt),
  createdBy: String(i.createdBy ?? ''),
  updatedAt: String(i.updatedAt ?? i.createdAt),
  publishedAt: (i.publishedAt as string | undefined) ?? null,
  closedAt: (i.closedAt as string | undefined) ?? null,
});

const surveyItem = (s: SurveyRecord) => ({ ...keys.survey(s.id), ...indexKeys.survey(s.createdAt, s.id), ...s });

/** A new draft with its audit ('id_taken': the id exists). */
export async function createSurvey(s: SurveyRecord, audit: AuditEntry): Promise<Written<'id_taken'>> {
  const tx = new Tx();
  tx.create('survey', surveyItem(s));
  writeAudit(tx, audit);
  const out = await commit(tx, [['survey', 'id_taken']], 'id_taken');
  return out.ok ? { ok: true } : { ok: false, failed: out.failed };
}

/** A draft replaced ('not_draft': it was published or closed meanwhile, or is gone). */
export async function replaceDraft(s: SurveyRecord, audit: AuditEntry): Promise<Written<'not_draft'>> {
  const tx = new Tx();
  tx.put('survey', surveyItem(s), { expr: '#s = :draft', names: { '#s': 'state' }, values: { ':draft': 'draft' } });
  writeAudit(tx, audit);
  const out = await commit(tx, [['survey', 'not_draft']], 'not_draft');
  return out.ok ? { ok: true } : { ok: false, failed: out.failed };
}

/** A draft opened, with its results counters at zero ('not_draft': it is no longer a draft). */
export async function publishSurvey(s: SurveyRecord, zero: ResultCounters, audit: AuditEntry): Promise<Written<'not_draft'>> {
  const tx = new Tx();
  tx.update('survey', keys.survey(s.id), {
    set: 'SET #s = :open, publishedAt = :at, updatedAt = :at',
    condition: '#s = :draft',
    names: { '#s': 'state' },
    values: { ':open': 'open', ':draft': 'draft', ':at': s.publishedAt },
  });
  // Each counters item carries the survey's state: an answer's transaction checks it there, on the item it
  // updates anyway, instead of on the one survey item every answer would then contend for.
  for (let n = 0; n < RESULT_SHARDS; n++) tx.put(`results${n}`, { ...keys.surveyResults(s.id, n), ...zero, state: 'open' });
  writeAudit(tx, audit);
  const out = await commit(tx, [['survey', 'not_draft']], 'not_draft');
  return out.ok ? { ok: true } : { ok: false, failed: out.failed };
}

/** An open survey closed ('not_open'). */
export async function closeSurvey(id: string, at: string, audit: AuditEntry): Promise<Written<'not_open'>> {
  const tx = new Tx();
  tx.update('survey', keys.survey(id), {
    set: 'SET #s = :closed, closedAt = :at, updatedAt = :at',
    condition: '#s = :open',
    names: { '#s': 'state' },
    values: { ':open': 'open', ':closed': 'closed', ':at': at },
  });
  for (let n = 0; n < RESULT_SHARDS; n++) tx.update(`results${n}`, keys.surveyResults(id, n), { set: 'SET #s = :closed', names: { '#s': 'state' }, values: { ':closed': 'closed' } });
  writeAudit(tx, audit);
  const out = await commit(tx, [['survey', 'not_open']], 'not_open');
  return out.ok ? { ok: true } : { ok: false, failed: out.failed };
}

export async function readSurvey(id: string): Promise<SurveyRecord | null> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.survey(id), ConsistentRead: true }));
  return res.Item ? toSurvey(res.Item) : null;
}

/** Surveys newest first (a brand keeps a few dozen; 500 at most). */
export async function listSurveys(limit = 500): Promise<SurveyRecord[]> {
  const items = await queryAll({ IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': indexKeys.surveysPk() }, ScanIndexForward: false }, limit);
  return items.map(toSurvey);
}

/** The results counters' shards of a survey (none before it is published). */
export async function readResults(id: string): Promise<ResultCounters[]> {
  const items = await queryAll({
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
    ExpressionAttributeValues: { ':pk': keys.survey(id).PK, ':sk': 'RESULTS#' },
    ConsistentRead: true,
  });
  return items.map((i) => ({ responses: (i.responses as number | undefined) ?? 0, counts: (i.counts as ResultCounters['counts'] | undefined) ?? {} }));
}

export interface AnswerRecord {
  surveyId: string;
  memberId: string;
  answers: Answers;
  fingerprint: string;
  at: string;
  points: number;
  tags: string[];
}

const toAnswer = (i: Record<string, unknown>): AnswerRecord => ({
  surveyId: String(i.surveyId),
  memberId: String(i.memberId),
  answers: (i.answers as Answers | undefined) ?? {},
  fingerprint: String(i.fingerprint ?? ''),
  at: String(i.at),
  points: (i.points as number | undefined) ?? 0,
  tags: (i.tags as string[] | undefined) ?? [],
});

export async function readAnswer(surveyId: string, memberId: string): Promise<AnswerRecord | null> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.surveyAnswer(surveyId, memberId), ConsistentRead: true }));
  return res.Item ? toAnswer(res.Item) : null;
}

/** A member's answers to these surveys, by survey id (BatchGet; the member list reads a few). */
export async function answersOf(memberId: string, surveyIds: readonly string[]): Promise<Map<string, AnswerRecord>> {
  const out = new Map<string, AnswerRecord>();
  if (surveyIds.length === 0) return out;
  const { client, table } = db();
  for (let i = 0; i < surveyIds.length; i += 100) {
    const res = await client.send(
      new BatchGetCommand({ RequestItems: { [table]: { Keys: surveyIds.slice(i, i + 100).map((id) => keys.surveyAnswer(id, memberId)), ConsistentRead: true } } }),
    );
    for (const it of res.Responses?.[table] ?? []) out.set(String(it.surveyId), toAnswer(it));
  }
  return out;
}

/** What answering needs of a member's profile: her facts (for a segment audience), tags, facts, revision. */
export interface SurveyMember {
  facts: ProfileFacts;
  qrev: number;
  surveyFacts: Record<string, string>;
  frozen: boolean;
}

export async function readSurveyMember(memberId: string): Promise<SurveyMember | null> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.profile(memberId), ConsistentRead: true }));
  if (!res.Item) return null;
  return {
    facts: toProfileFacts(res.Item),
    qrev: (res.Item.qrev as number | undefined) ?? 0,
    surveyFacts: (res.Item.surveyFacts as Record<string, string> | undefined) ?? {},
    frozen: !!res.Item.frozen,
  };
}

/** Text answers to one question, newest first; `cursor` is the sort key the previous page ended on. */
export async function surveyTexts(id: string, questionId: string, cursor: string | null, limit: number): Promise<{ answers: { text: string; at: string }[]; next: string | null }> {
  const { client, table } = db();
  const prefix = `TEXT#${questionId}#`;
  const res = await client.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: cursor ? 'PK = :pk AND SK BETWEEN :from AND :to' : 'PK = :pk AND begins_with(SK, :from)',
      ExpressionAttributeValues: cursor ? { ':pk': keys.survey(id).PK, ':from': prefix, ':to': `${prefix}${cursor}` } : { ':pk': keys.survey(id).PK, ':from': prefix },
      ScanIndexForward: false,
      // The page, one more to know whether another page follows, and the cursor's own item (BETWEEN is inclusive).
      Limit: limit + (cursor ? 2 : 1),
    }),
  );
  const items = (res.Items ?? []).filter((i) => !cursor || String(i.SK) !== `${prefix}${cursor}`).slice(0, limit + 1);
  const page = items.slice(0, limit);
  const more = items.length > limit;
  const last = page[page.length - 1];
  return { answers: page.map((i) => ({ text: String(i.text), at: String(i.at) })), next: more && last ? String(last.SK).slice(prefix.length) : null };
}

/**
 * A member's answer in one transaction: the answer item (once: 'already_answered'), her profile's tags and
 * survey facts under her revision ('revision_moved'), her text answers and the results counters of her shard,
 * whose copy of the survey's state must still be open ('not_open').
 */
export async function recordSurveyAnswer(p: {
  answer: AnswerRecord;
  profile: { qrev: number; memberTags: string[]; surveyFacts: Record<string, string> } | null;
  shard: number;
  counters: [string, string][];
  texts: { questionId: string; text: string }[];
}): Promise<Written<'already_answered' | 'not_open' | 'revision_moved'>> {
  const a = p.answer;
  const tx = new Tx();
  tx.create('answer', { ...keys.surveyAnswer(a.surveyId, a.memberId), ...a });
  if (p.profile) writeTierState(tx, a.memberId, p.profile.qrev, { extra: { memberTags: p.profile.memberTags, surveyFacts: p.profile.surveyFacts } });
  for (const t of p.texts) tx.put(`text-${t.questionId}`, { ...keys.surveyText(a.surveyId, t.questionId, a.at, a.memberId), text: t.text, at: a.at });
  const names: Record<string, string> = { '#c': 'counts', '#s': 'state' };
  const sets = ['responses = responses + :one'];
  p.counters.forEach(([q, o], i) => {
    names[`#q${i}`] = q;
    names[`#o${i}`] = o;
    sets.push(`#c.#q${i}.#o${i} = #c.#q${i}.#o${i} + :one`);
  });
  // The survey still open: checked on her counters item (it holds the state; see publishSurvey).
  tx.update('results', keys.surveyResults(a.surveyId, p.shard), { set: `SET ${sets.join(', ')}`, condition: '#s = :open', names, values: { ':one': 1, ':open': 'open' } });
  const out = await commit(tx, [['answer', 'already_answered'], ['results', 'not_open']], 'revision_moved');
  return out.ok ? { ok: true } : { ok: false, failed: out.failed };
}

/**
 * Her answer made anonymous (her account erased): the answer item keeps only that she answered (the results
 * counters are sums and stay), her choices and texts are removed, and her text answers are deleted. Idempotent.
 */
export async function eraseSurveyAnswer(a: AnswerRecord, textQuestionIds: readonly string[], at: string): Promise<void> {
  const tx = new Tx();
  tx.update('answer', keys.surveyAnswer(a.surveyId, a.memberId), { set: 'SET erasedAt = :at REMOVE answers, fingerprint, tags', condition: 'attribute_exists(PK)', values: { ':at': at } });
  for (const q of textQuestionIds) tx.delete(`text-${q}`, keys.surveyText(a.surveyId, q, a.at, a.memberId));
  await tx.send();
}
