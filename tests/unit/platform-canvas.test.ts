/**
 * miniapp/src/platform/canvas.ts on weapp: the chart canvas is found with a SelectorQuery (node and size),
 * its bitmap sized to the box × the pixel ratio, and handed over as a canvas-2d surface; null while it is
 * not laid out. (H5 draws on a plain HTML canvas: the browser test tests/e2e/insight.test.ts covers it.)
 */
export {};

interface Found {
  node?: { width: number; height: number; getContext: jest.Mock };
  width?: number;
  height?: number;
}
let found: Found | null = null;
interface Query {
  select: jest.Mock;
  fields: jest.Mock;
  exec: jest.Mock;
}
const query: Query = {
  select: jest.fn((): Query => query),
  fields: jest.fn((): Query => query),
  exec: jest.fn((cb: (res: unknown[]) => void) => cb([found])),
};
const taro = {
  nextTick: jest.fn((cb: () => void) => cb()),
  createSelectorQuery: jest.fn(() => query),
  getWindowInfo: jest.fn(() => ({ pixelRatio: 3 })),
  getSystemInfoSync: jest.fn(() => ({ pixelRatio: 2 })),
};
jest.mock('@tarojs/taro', () => ({ __esModule: true, default: taro }), { virtual: true });

function load(env: 'weapp' | 'h5'): typeof import('../../miniapp/src/platform/canvas') {
  process.env.TARO_ENV = env;
  (globalThis as Record<string, unknown>).WECHAT_STANDIN = 'http://127.0.0.1:3900';
  (globalThis as Record<string, unknown>).API_BASE = 'http://127.0.0.1:3000';
  let mod!: typeof import('../../miniapp/src/platform/canvas');
  jest.isolateModules(() => {
    mod = require('../../miniapp/src/platform/canvas');
  });
  return mod;
}

const savedEnv = process.env.TARO_ENV;
afterAll(() => {
  process.env.TARO_ENV = savedEnv;
});

describe('chartSurface on weapp', () => {
  test('the canvas node from a SelectorQuery, its bitmap at the pixel ratio, a canvas-2d surface', async () => {
    const { chartSurface } = load('weapp');
    const context = { fillRect: jest.fn() };
    found = { node: { width: 300, height: 150, getContext: jest.fn(() => context) }, width: 350, height: 180 };
    const s = await chartSurface('kit-chart-trend-1');
    expect(query.select).toHaveBeenCalledWith('#kit-chart-trend-1');
    expect(query.fields).toHaveBeenCalledWith({ node: true, size: true }, expect.any(Function));
    expect(taro.nextTick).toHaveBeenCalled();
    expect(found.node!.width).toBe(1050);
    expect(found.node!.height).toBe(540);
    expect(found.node!.getContext).toHaveBeenCalledWith('2d');
    expect(s).toEqual({ context, width: 350, height: 180, pixelRatio: 3, canvas2d: true });
  });

  test('null while the canvas is not on the page or has no size', async () => {
    const { chartSurface } = load('weapp');
    found = null;
    expect(await chartSurface('x')).toBeNull();
    found = { node: { width: 0, height: 0, getContext: jest.fn() }, width: 0, height: 180 };
    expect(await chartSurface('x')).toBeNull();
    expect(found.node!.getContext).not.toHaveBeenCalled();
  });

  test('the pixel ratio from the system info when getWindowInfo is missing', async () => {
    const { chartSurface } = load('weapp');
    const had = taro.getWindowInfo;
    (taro as Record<string, unknown>).getWindowInfo = undefined;
    try {
      found = { node: { width: 0, height: 0, getContext: jest.fn(() => ({})) }, width: 100, height: 50 };
      expect((await chartSurface('x'))?.pixelRatio).toBe(2);
      expect(found.node!.width).toBe(200);
    } finally {
      taro.getWindowInfo = had;
    }
  });
});

describe('chartCanvas', () => {
  test("weapp: Taro's own Canvas of type 2d; H5: a plain HTML canvas", () => {
    expect(load('weapp').chartCanvas('c1', 'k')).toEqual({ native: true, props: { type: '2d', id: 'c1', className: 'k', style: { width: '100%', height: '100%', display: 'block' } } });
    expect(load('h5').chartCanvas('c2')).toEqual({ native: false, props: { id: 'c2', className: undefined, style: { width: '100%', height: '100%', display: 'block' } } });
  });
});
