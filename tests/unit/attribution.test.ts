import { storeFromLaunch } from '../../shared/domain/attribution';

describe('store attribution from how the mini-program was opened', () => {
  test.each([
    ['a page query', { store: 'S001' }, 'S001'],
    ['a mini-program code scene', { scene: encodeURIComponent('store=S002') }, 'S002'],
    ['a scene with more fields', { scene: encodeURIComponent('src=poster&store=S003') }, 'S003'],
    ['an ordinary QR link (q)', { q: encodeURIComponent('https://m.example.cn/pages/index/index?store=S004&x=1') }, 'S004'],
    ['nothing', {}, null],
    ['no query at all', undefined, null],
    ['a malformed store id', { store: 'S 1<script>' }, null],
    ['a scene without a store', { scene: encodeURIComponent('ref=abc') }, null],
    ['a broken encoding', { q: '%E0%A4%A' }, null],
    ['a product code link is not a store', { q: encodeURIComponent('https://m.example.cn/p?c=ABCD') }, null],
  ])('%s', (_name, query, expected) => {
    expect(storeFromLaunch(query as Record<string, string | undefined> | undefined)).toBe(expected);
  });
});
