/** The segment builder's draft: questionnaire facts offered from the surveys, and the filter they make (the API takes it). */
import { SegmentFilter } from '../../shared/contract/segments';
import { EMPTY, factChoices, toFilter, type SurveyList } from '../../miniapp/src/admin/segments/draft';

const survey = (over: Partial<SurveyList[number]>): SurveyList[number] => ({
  id: 'sv_0123456789abcdef',
  title: '肤质小调查',
  intro: '',
  audience: { kind: 'all' },
  segmentName: null,
  points: 20,
  state: 'open',
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-01T00:00:00.000Z',
  publishedAt: '2026-12-01T00:00:00.000Z',
  closedAt: null,
  responses: 0,
  questions: [
    { id: 'q1', kind: 'single', title: '肤质', required: true, factKey: '肤质', options: [{ id: 'o1', label: '干性', tag: null }, { id: 'o2', label: '油性', tag: null }] },
    { id: 'q2', kind: 'text', title: '还想说', required: false, factKey: '心愿', options: [] },
  ],
  ...over,
});

describe('segment builder: questionnaire facts', () => {
  it('offers the single-choice facts of published and closed surveys, merged by fact; not drafts, not texts', () => {
    const choices = factChoices([
      survey({}),
      survey({ id: 'sv_1', state: 'closed', questions: [{ id: 'q1', kind: 'single', title: '肤质', required: true, factKey: '肤质', options: [{ id: 'o1', label: '混合性', tag: null }] }] }),
      survey({ id: 'sv_2', state: 'draft', questions: [{ id: 'q1', kind: 'single', title: '口味', required: true, factKey: '口味', options: [{ id: 'o1', label: '甜', tag: null }] }] }),
    ]);
    expect(choices).toEqual([{ key: '肤质', values: ['干性', '油性', '混合性'] }]);
  });

  it('makes a facts criterion of the chosen answers, leaves out facts with none chosen; the API accepts it', () => {
    const f = toFilter({ ...EMPTY, facts: { 肤质: ['干性', '混合性'], 口味: [] } });
    expect(f).toEqual({ facts: [{ key: '肤质', values: ['干性', '混合性'] }] });
    expect(SegmentFilter.safeParse(f).success).toBe(true);
    expect(toFilter(EMPTY)).toEqual({});
  });
});
