import fc from 'fast-check';
import {
  aggregateResults,
  answersFingerprint,
  checkAnswers,
  counterPaths,
  factsOf,
  questionProblems,
  resultShard,
  RESULT_SHARDS,
  tagsOf,
  textsOf,
  withIds,
  zeroCounters,
  type Answers,
  type ResultCounters,
} from '../../shared/domain/survey';

const questions = withIds([
  { kind: 'single', title: '您的肤质', factKey: '肤质', options: [{ label: '干性', tag: '干皮' }, { label: '油性', tag: '油皮' }, { label: '混合' }] },
  { kind: 'multiple', title: '关心的功效', options: [{ label: '保湿', tag: '保湿' }, { label: '美白', tag: '美白' }, { label: '抗老' }] },
  { kind: 'text', title: '还想说', required: false, factKey: '留言' },
]);

describe('survey questions', () => {
  it('gives ids by position and trims', () => {
    expect(questions.map((q) => q.id)).toEqual(['q1', 'q2', 'q3']);
    expect(questions[0]!.options.map((o) => [o.id, o.tag])).toEqual([['o1', '干皮'], ['o2', '油皮'], ['o3', null]]);
    expect(questions[2]!.options).toEqual([]);
    expect(questions[2]!.required).toBe(false);
  });

  it('names what is wrong by field', () => {
    expect(questionProblems([])).toEqual([{ path: 'questions', message: 'add at least one question' }]);
    const p = questionProblems([
      { kind: 'single', title: 'a', options: [{ label: 'x' }] },
      { kind: 'multiple', title: 'b', options: [{ label: 'x' }, { label: 'x ' }], factKey: 'k' },
      { kind: 'text', title: 'c', options: [{ label: 'x' }], factKey: 'k' },
    ]);
    expect(p.map((x) => x.path)).toEqual(['questions.0.options', 'questions.1.options.1.label', 'questions.2.options', 'questions.2.factKey']);
  });
});

describe('answers', () => {
  it('accepts complete answers, normalised', () => {
    const r = checkAnswers(questions, { q1: ['o2'], q2: ['o2', 'o1'], q3: '  很好  ' });
    expect(r).toEqual({ ok: true, answers: { q1: ['o2'], q2: ['o1', 'o2'], q3: '很好' } });
    const optionalLeft = checkAnswers(questions, { q1: ['o1'], q2: ['o3'], q3: '   ' });
    expect(optionalLeft).toEqual({ ok: true, answers: { q1: ['o1'], q2: ['o3'] } });
  });

  it('refuses bad answers by field', () => {
    const r = checkAnswers(questions, { q1: ['o1', 'o2'], q2: ['o9'], q3: ['o1'], q7: 'x' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => p.path).sort()).toEqual(['answers.q1', 'answers.q2', 'answers.q3', 'answers.q7']);
    const missing = checkAnswers(questions, { q1: [] });
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.problems.map((p) => p.path)).toEqual(['answers.q1', 'answers.q2']);
    const longText = checkAnswers(questions, { q1: ['o1'], q2: ['o1'], q3: 'x'.repeat(201) });
    expect(longText.ok).toBe(false);
    const textForChoice = checkAnswers(questions, { q1: 'o1', q2: ['o1'] });
    expect(textForChoice.ok).toBe(false);
  });

  it('gives tags, facts, texts and a fingerprint', () => {
    const a = { q1: ['o1'], q2: ['o1', 'o2', 'o3'], q3: '敏感' };
    expect(tagsOf(questions, a)).toEqual(['干皮', '保湿', '美白']);
    expect(factsOf(questions, a)).toEqual({ 肤质: '干性', 留言: '敏感' });
    expect(textsOf(questions, a)).toEqual([{ questionId: 'q3', text: '敏感' }]);
    expect(answersFingerprint(questions, a)).toBe(answersFingerprint(questions, { q3: '敏感', q2: ['o1', 'o2', 'o3'], q1: ['o1'] }));
    expect(answersFingerprint(questions, a)).not.toBe(answersFingerprint(questions, { ...a, q1: ['o2'] }));
  });
});

describe('results', () => {
  it('sums the shards per option and question', () => {
    const add = (c: ResultCounters, paths: [string, string][]) => {
      c.responses++;
      for (const [q, o] of paths) c.counts[q]![o]!++;
    };
    const shards = Array.from({ length: RESULT_SHARDS }, () => zeroCounters(questions));
    const answers: Answers[] = [
      { q1: ['o1'], q2: ['o1', 'o2'], q3: '好' },
      { q1: ['o1'], q2: ['o2'] },
      { q1: ['o2'], q2: ['o1'], q3: '不错' },
    ];
    answers.forEach((a, i) => add(shards[resultShard(`m_${i}abcdefghij`)]!, counterPaths(questions, a)));
    const r = aggregateResults(questions, shards);
    expect(r.responses).toBe(3);
    expect(r.questions[0]!.options.map((o) => o.count)).toEqual([2, 1, 0]);
    expect(r.questions[0]!.answered).toBe(3);
    expect(r.questions[1]!.options.map((o) => o.count)).toEqual([2, 2, 0]);
    expect(r.questions[1]!.options[0]!.share).toBeCloseTo(0.667, 3);
    expect(r.questions[2]!.answered).toBe(2);
  });

  it('spreads members over the shards and keeps each in one', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^m_[0-9a-z]{10,20}$/), (id) => {
        const s = resultShard(id);
        return s >= 0 && s < RESULT_SHARDS && s === resultShard(id);
      }),
    );
  });
});
