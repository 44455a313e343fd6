/**
 * `npm run bench -- surveys`: a questionnaire answer through the handler (event, token, zod, the member's
 * binding, the survey and her profile read, the answers checked, ONE transaction writing the answer, her tags
 * and facts, the results counter (which holds the open state it is conditioned on); then the points award's account read and its
 * transaction) against the bare DynamoDB calls it cannot avoid (the binding, survey and profile reads, the
 * four-item transaction, the account read and the three-item points transaction), alternated in one run.
 * Each sample is a fresh member. Then CONCURRENT members answer one survey at once (the results counters are
 * sharded so they rarely meet): every answer counted once, answers per second.
 */
import { randomUUID } from 'node:crypto';
import { BatchGetCommand, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { db } from '../../functions/adapters/dynamo/client';
import { keys } from '../../functions/adapters/dynamo/keys';
import { createMember } from '../../functions/adapters/dynamo/member-repo';
import { signSession } from '../../functions/lib/session';
import { newMemberRecord } from '../../functions/core';
import { handler as surveysHandler } from '../../functions/surveys/http';
import { createDraft, publish, results } from '../../functions/surveys/admin';
import { buildHttpEvent } from '../../infra/local/api-gateway';
import { alternate, benchWorld, timed } from './harness';

const N = Number(process.env.BENCH_N || 200);
const WARMUP = 20;
const CONCURRENT = Number(process.env.BENCH_CONCURRENT || 64);

let seq = 0;
async function freshMember(): Promise<{ memberId: string; openid: string; token: string }> {
  seq++;
  const memberId = `m_svbench${String(seq).padStart(8, '0')}`;
  const openid = `o-svbench-${seq}`;
  const now = new Date().toISOString();
  await createMember(newMemberRecord({ memberId, phone: `135${String(seq).padStart(8, '0')}`, openid, name: null, entryTierCode: 'MEMBER', at: now, source: 'bench' }));
  const { token } = await signSession({ openid, memberId, roles: ['member'], storeId: null }, process.env.SESSION_SECRET!, 3600);
  return { memberId, openid, token };
}

const ANSWERS = { q1: ['o1'], q2: ['o1', 'o3'], q3: '冬天很干' };

export async function main() {
  const { dynamo } = await benchWorld();
  try {
    const { client, table } = db();
    const admin = { openid: 'bench-admin', memberId: null, roles: ['admin' as const], storeId: null };
    const survey = await createDraft(admin, {
      title: '肤质小调查',
      intro: '',
      points: 20,
      audience: { kind: 'all' },
      questions: [
        { kind: 'single', title: '您的肤质', factKey: '肤质', options: [{ label: '干性', tag: '干皮' }, { label: '油性', tag: '油皮' }] },
        { kind: 'multiple', title: '关心的功效', options: [{ label: '保湿', tag: '爱保湿' }, { label: '美白' }, { label: '抗老', tag: '抗老' }] },
        { kind: 'text', title: '还想说', required: false },
      ],
    });
    await publish(admin, survey.id);
    const answer = (token: string) =>
      surveysHandler(buildHttpEvent({ method: 'POST', path: `/members/me/surveys/${survey.id}/answers`, headers: { authorization: `Bearer ${token}` }, body: JSON.stringify({ answers: ANSWERS }) }));

    const ours = async () => {
      const { token } = await freshMember();
      return timed(async () => {
        const r = await answer(token);
        if (typeof r === 'string' || r.statusCode !== 200) throw new Error(`answer failed: ${JSON.stringify(r)}`);
      });
    };

    // The bare calls on a second survey item (so its counters are the bare path's own).
    const bareId = `sv_bare${randomUUID().slice(0, 9).replace(/-/g, '0')}`;
    await client.send(new TransactWriteCommand({ TransactItems: [{ Put: { TableName: table, Item: { ...keys.survey(bareId), state: 'open' } } }, { Put: { TableName: table, Item: { ...keys.surveyResults(bareId, 0), state: 'open', responses: 0, counts: { q1: { o1: 0, o2: 0, answered: 0 }, q2: { o1: 0, o2: 0, o3: 0, answered: 0 }, q3: { text: 0 } } } } }] }));
    const bareCalls = async (memberId: string, openid: string) => {
      const at = new Date().toISOString();
      {
        await client.send(new GetCommand({ TableName: table, Key: keys.openidMember(openid), ConsistentRead: true }));
        await Promise.all([
          client.send(new GetCommand({ TableName: table, Key: keys.survey(bareId), ConsistentRead: true })),
          client.send(new GetCommand({ TableName: table, Key: keys.profile(memberId), ConsistentRead: true })),
        ]);
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: { TableName: table, Item: { ...keys.surveyAnswer(bareId, memberId), answers: ANSWERS, at }, ConditionExpression: 'attribute_not_exists(PK)' } },
              { Update: { TableName: table, Key: keys.profile(memberId), UpdateExpression: 'SET qrev = :one, memberTags = :t, surveyFacts = :f', ConditionExpression: 'qrev = :z', ExpressionAttributeValues: { ':one': 1, ':z': 0, ':t': ['干皮', '爱保湿', '抗老'], ':f': { 肤质: '干性' } } } },
              { Update: { TableName: table, Key: keys.surveyResults(bareId, 0), UpdateExpression: 'SET responses = responses + :one, #c.q1.o1 = #c.q1.o1 + :one, #c.q2.o1 = #c.q2.o1 + :one', ConditionExpression: '#s = :open', ExpressionAttributeNames: { '#c': 'counts', '#s': 'state' }, ExpressionAttributeValues: { ':one': 1, ':open': 'open' } } },
            ],
          }),
        );
        await client.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: [keys.profile(memberId), keys.points(memberId)], ConsistentRead: true } } }));
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: { TableName: table, Item: { PK: `MEMBER#${memberId}`, SK: `GUARD#event#survey#${bareId}`, at }, ConditionExpression: 'attribute_not_exists(PK)' } },
              { Update: { TableName: table, Key: keys.points(memberId), UpdateExpression: 'SET balance = :b, rev = :one', ConditionExpression: 'attribute_not_exists(rev) OR rev = :z', ExpressionAttributeValues: { ':b': 20, ':one': 1, ':z': 0 } } },
              { Put: { TableName: table, Item: { ...keys.ledger(memberId, at, randomUUID()), points: 20 } } },
            ],
          }),
        );
      }
    };
    const bare = async () => {
      const { memberId, openid } = await freshMember();
      return timed(() => bareCalls(memberId, openid));
    };

    const paired = await alternate('surveys', 'answer (handler + use case)', ours, bare, { n: N, warmup: WARMUP });

    // Members answering one survey at once.
    const before = (await results(survey.id)).responses;
    const crowd = await Promise.all(Array.from({ length: CONCURRENT }, () => freshMember()));
    const t0 = process.hrtime.bigint();
    const out = await Promise.all(crowd.map((m) => answer(m.token)));
    const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const ok = out.filter((r) => typeof r !== 'string' && r.statusCode === 200).length;
    const counted = (await results(survey.id)).responses - before;
    // The bare calls for as many members at once (one counters item: the bare path's survey has one).
    const bareCrowd = await Promise.all(Array.from({ length: CONCURRENT }, () => freshMember()));
    const t1 = process.hrtime.bigint();
    await Promise.all(bareCrowd.map((m) => bareCalls(m.memberId, m.openid).catch(() => undefined)));
    const bareWallMs = Number(process.hrtime.bigint() - t1) / 1e6;
    const figures = {
      ...paired,
      concurrent: CONCURRENT,
      concurrentOk: ok,
      concurrentCounted: counted,
      concurrentPerSec: Number(((CONCURRENT / wallMs) * 1000).toFixed(1)),
      bareConcurrentPerSec: Number(((CONCURRENT / bareWallMs) * 1000).toFixed(1)),
    };
    console.log(`${CONCURRENT} members at once            ${ok} answered, ${counted} counted, ${figures.concurrentPerSec} answers/s (bare calls ${figures.bareConcurrentPerSec}/s, failures not retried)`);
    return figures;
  } finally {
    await dynamo.stop();
  }
}
