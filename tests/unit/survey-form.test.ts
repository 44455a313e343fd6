/** The admin survey builder's form: what it sends, and a saved survey back in the form; the API takes what it sends. */
import { SurveyInput } from '../../shared/contract/surveys';
import { EMPTY, draftOf, inputOf, newQuestion, type SurveyDraft } from '../../miniapp/src/admin/surveys/draft';

const draft: SurveyDraft = {
  ...EMPTY,
  title: '肤质小调查',
  points: '20',
  segmentId: 'seg_0123456789abcdef',
  questions: [
    { kind: 'single', title: '您的肤质是？', required: true, factKey: ' 肤质 ', options: [{ label: '干性', tag: '干皮' }, { label: '油性', tag: ' ' }] },
    { ...newQuestion('text'), title: '还想说', required: false },
  ],
};

describe('survey form', () => {
  it('sends options with their tags, facts trimmed, text questions without options, the audience', () => {
    const body = inputOf(draft);
    expect(body).toEqual({
      title: '肤质小调查',
      intro: '',
      points: 20,
      audience: { kind: 'segment', segmentId: 'seg_0123456789abcdef' },
      questions: [
        { kind: 'single', title: '您的肤质是？', required: true, factKey: '肤质', options: [{ label: '干性', tag: '干皮' }, { label: '油性' }] },
        { kind: 'text', title: '还想说', required: false },
      ],
    });
    expect(SurveyInput.safeParse(body).success).toBe(true);
    expect(inputOf({ ...draft, segmentId: '' }).audience).toEqual({ kind: 'all' });
  });

  it('leaves bad points for the API to name', () => {
    const r = SurveyInput.safeParse(inputOf({ ...draft, points: '-1' }));
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error.issues.map((i) => i.path.join('.'))).toEqual(['points']);
  });

  it('puts a saved survey back in the form', () => {
    const back = draftOf({
      id: 'sv_0123456789abcdef',
      title: '肤质小调查',
      intro: '',
      points: 20,
      state: 'draft',
      audience: { kind: 'all' },
      segmentName: null,
      createdAt: '2026-12-01T00:00:00.000Z',
      updatedAt: '2026-12-01T00:00:00.000Z',
      publishedAt: null,
      closedAt: null,
      responses: 0,
      questions: [{ id: 'q1', kind: 'single', title: '肤质', required: true, factKey: null, options: [{ id: 'o1', label: '干性', tag: '干皮' }, { id: 'o2', label: '油性', tag: null }] }],
    });
    expect(back).toMatchObject({ id: 'sv_0123456789abcdef', points: '20', segmentId: '', questions: [{ factKey: '', options: [{ label: '干性', tag: '干皮' }, { label: '油性', tag: '' }] }] });
  });
});
