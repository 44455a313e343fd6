/** The admin care editor: placeholders shown as 【会员姓名】 and sent as {name}; what cannot be sent is refused in Chinese. */
import { previewText, settingsOf, textsOf, toApiText, toDisplayText, type Settings } from '../../miniapp/src/admin/care/settings';
import { DEFAULT_CARE_SETTINGS } from '../../shared/domain/care';

const settings = DEFAULT_CARE_SETTINGS as unknown as Settings;

describe('care form', () => {
  it('shows placeholders in words and sends them back as the API reads them', () => {
    expect(toDisplayText('{name}，生日快乐')).toBe('【会员姓名】，生日快乐');
    expect(toApiText('【会员姓名】，生日快乐')).toEqual({ text: '{name}，生日快乐' });
    expect(previewText('【会员姓名】，生日快乐')).toBe('王女士，生日快乐');
  });

  it('round-trips every stored template unchanged, with no braces or data keys in what the marketer reads', () => {
    const texts = textsOf(settings);
    for (const [k, v] of Object.entries(texts)) if (k.startsWith('fields-')) expect(v.split('\n').map((l) => l.slice(l.indexOf('=') + 1)).join('')).not.toMatch(/[{}]/);
    const back = settingsOf(settings, texts);
    expect(typeof back).not.toBe('string');
    expect((back as Settings).templates).toEqual(settings.templates);
  });

  it('refuses an unknown 【…】 or hand-typed braces, naming the message in Chinese', () => {
    const texts = textsOf(settings);
    const bad = { ...texts, 'fields-birthday': texts['fields-birthday']!.replace('【会员姓名】', '【昵称】') };
    expect(settingsOf(settings, bad)).toMatch(/^生日祝福：不认识的占位 【昵称】/);
    const braces = { ...texts, 'fields-birthday': texts['fields-birthday']!.replace('【会员姓名】', '{nickname}') };
    expect(settingsOf(settings, braces)).toBe('生日祝福：请不要输入花括号');
  });
});
