/** The admin campaign form: 【姓名】 tokens to and from the API's {name}, the body it builds, its confirmation lines. */
import { campaignLines, emptyForm, previewText, toApiText, toBody, toDisplayText } from '../../miniapp/src/admin/campaigns/form';

describe('campaign form', () => {
  it('turns the marketer’s tokens into the API placeholders and back', () => {
    expect(toApiText('【姓名】，送您【券名】（【等级】，【日期】）')).toBe('{name}，送您{coupon}（{tier}，{date}）');
    expect(toApiText('【生日】快乐')).toBe('【生日】快乐');
    expect(toDisplayText('{name}，送您{coupon}')).toBe('【姓名】，送您【券名】');
    expect(previewText('【姓名】，送您【券名】', { coupon: '双11满300减50' })).toBe('王女士，送您双11满300减50');
  });

  it('builds the body with {placeholders}, or says which field is wrong', () => {
    const f = { ...emptyForm(null), name: '双11', segmentId: 'seg_1', onceDate: '2099-01-01', onceTime: '10:00' };
    const built = toBody(f, ['thing1', 'thing2']);
    expect('body' in built && built.body.template.fields).toEqual({ thing1: '{name}，会员专享活动', thing2: '送您{coupon}' });
    expect('body' in built && built.body.schedule).toEqual({ once: { at: '2099-01-01T02:00:00.000Z' } });
    expect(toBody({ ...f, name: ' ' }, ['thing1'])).toEqual({ error: { path: 'name', message: '请填写活动名称' } });
    expect(toBody({ ...f, fields: { thing1: '' } }, ['thing1'])).toEqual({ error: { path: 'template.fields.thing1', message: '请填写第 1 项的内容' } });
    const unknown = toBody({ ...f, fields: { thing1: '【生日】快乐' } }, ['thing1']);
    expect('error' in unknown && unknown.error.path).toBe('template.fields.thing1');
    const braces = toBody({ ...f, fields: { thing1: '{nickname}你好' } }, ['thing1']);
    expect('error' in braces && braces.error.message).toContain('插入');
    const time = toBody({ ...f, onceTime: '25:00' }, ['thing1']);
    expect('error' in time && time.error.path).toBe('schedule.once.time');
  });

  it('lists a new campaign as 新建 → values, warning of no coupon and an empty audience', () => {
    const f = { ...emptyForm(null), name: '双11', segmentId: 'seg_1', onceDate: '2099-01-01', onceTime: '10:00' };
    const built = toBody(f, ['thing1', 'thing2']);
    if (!('body' in built)) throw new Error('expected a body');
    const ctx = { segmentName: '双11人群', segmentSize: 0, templateName: '会员活动', fieldLabels: ['第 1 项', '第 2 项'], couponName: null, submitToo: true };
    const lines = campaignLines(built.body, f, ctx);
    expect(lines.every((l) => l.before === '新建')).toBe(true);
    expect(lines.find((l) => l.label === '目标人群')).toMatchObject({ after: '双11人群（当前 0 人）', warning: expect.stringContaining('没有会员') });
    expect(lines.find((l) => l.label === '随消息发放优惠券')?.warning).toBeTruthy();
    expect(lines.find((l) => l.label === '第 1 项')?.after).toBe('【姓名】，会员专享活动');
    const ok = campaignLines(built.body, f, { ...ctx, segmentSize: 12, couponName: '满300减50' });
    expect(ok.filter((l) => l.warning)).toEqual([]);
    // Nothing in the confirmation is in Latin letters.
    expect(ok.map((l) => `${l.label}${l.before}${l.after}`).join('')).not.toMatch(/[A-Za-z]/);
  });
});

describe('campaign form: the control group and the window (issue 18)', () => {
  const filled = (over: Record<string, string>) => ({ ...emptyForm(), name: '双11', segmentId: 'seg_1', ...over });
  test('defaults 0 % and 14 days; a share past 50 or a window outside 7-30 is refused at its field, in Chinese', () => {
    const ok = toBody(filled({}), ['thing1', 'thing2'])
    expect('body' in ok && [ok.body.holdoutPercent, ok.body.windowDays]).toEqual([0, 14])
    const ten = toBody(filled({ holdout: '10%', windowDays: '7' }), ['thing1', 'thing2'])
    expect('body' in ten && [ten.body.holdoutPercent, ten.body.windowDays]).toEqual([10, 7])
    for (const holdout of ['51', '-1', '1.5', '']) {
      const r = toBody(filled({ holdout }), ['thing1', 'thing2'])
      expect('error' in r && r.error.path).toBe('holdoutPercent')
    }
    const w = toBody(filled({ windowDays: '31' }), ['thing1', 'thing2'])
    expect('error' in w && w.error.message).toContain('观察天数')
  })
  test('the confirmation names the control group with its size and the window', () => {
    const f = filled({ holdout: '10', windowDays: '14' })
    const built = toBody(f, ['thing1', 'thing2'])
    if (!('body' in built)) throw new Error('not built')
    const lines = campaignLines(built.body, f, { segmentName: '人群', segmentSize: 120, templateName: '会员活动', fieldLabels: ['第 1 项', '第 2 项'], couponName: null, submitToo: true })
    expect(lines.find((l) => l.label === '对照组比例')?.after).toBe('10%（约 12 人不发消息、不发券）')
    expect(lines.find((l) => l.label === '观察天数')?.after).toContain('14 天')
  })
})
