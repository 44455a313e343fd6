/**
 * miniapp/src/platform/pay.ts: weapp hands the signed parameters to wx.requestPayment; H5 asks with a
 * 模拟微信支付 confirmation, then has the local stand-in pay the order (POST /__dev/pay with the package's prepay_id).
 */
const taro = {
  requestPayment: jest.fn(),
  showModal: jest.fn(),
  request: jest.fn(),
};
jest.mock('@tarojs/taro', () => ({ __esModule: true, default: taro }), { virtual: true });

const params = { timeStamp: '1796120000', nonceStr: 'abc', package: 'prepay_id=wx2026120118300012345', signType: 'RSA' as const, paySign: 'c2ln' };

function load(env: 'weapp' | 'h5'): typeof import('../../miniapp/src/platform/pay') {
  process.env.TARO_ENV = env;
  (globalThis as Record<string, unknown>).WECHAT_STANDIN = 'http://127.0.0.1:3900';
  (globalThis as Record<string, unknown>).API_BASE = 'http://127.0.0.1:3000';
  let mod!: typeof import('../../miniapp/src/platform/pay');
  jest.isolateModules(() => {
    mod = require('../../miniapp/src/platform/pay');
  });
  return mod;
}

const savedEnv = process.env.TARO_ENV;
afterAll(() => {
  process.env.TARO_ENV = savedEnv;
});
beforeEach(() => {
  for (const f of Object.values(taro)) f.mockReset();
});

describe('requestPayment on weapp', () => {
  test('passes the signed parameters to wx.requestPayment: paid, or cancelled when she closes the sheet', async () => {
    const { requestPayment } = load('weapp');
    taro.requestPayment.mockResolvedValueOnce({ errMsg: 'requestPayment:ok' });
    expect(await requestPayment(params)).toBe('paid');
    expect(taro.requestPayment).toHaveBeenCalledWith(params);
    taro.requestPayment.mockRejectedValueOnce({ errMsg: 'requestPayment:fail cancel' });
    expect(await requestPayment(params)).toBe('cancelled');
    taro.requestPayment.mockRejectedValueOnce({ errMsg: 'requestPayment:fail (detail message)' });
    await expect(requestPayment(params)).rejects.toEqual({ errMsg: 'requestPayment:fail (detail message)' });
    expect(taro.showModal).not.toHaveBeenCalled();
  });
});

describe('requestPayment on H5', () => {
  test('confirmation in Chinese, then the stand-in pays the prepay_id', async () => {
    const { requestPayment } = load('h5');
    taro.showModal.mockResolvedValueOnce({ confirm: true, cancel: false });
    taro.request.mockResolvedValueOnce({ statusCode: 200, data: { tradeState: 'SUCCESS' } });
    expect(await requestPayment(params, { amountFen: 50000, description: '储值 ¥500 送 ¥50' })).toBe('paid');
    const modal = taro.showModal.mock.calls[0]![0] as { title: string; content: string; confirmText: string };
    expect(modal.title).toBe('模拟微信支付');
    expect(modal.content).toContain('¥500.00');
    expect(modal.content).not.toMatch(/[A-Za-z]/);
    expect(taro.request).toHaveBeenCalledWith(expect.objectContaining({ url: 'http://127.0.0.1:3900/__dev/pay', method: 'POST', data: { prepayId: 'wx2026120118300012345' } }));
    expect(taro.requestPayment).not.toHaveBeenCalled();
  });

  test('cancelled in the confirmation: nothing is paid; a refusal by the stand-in throws', async () => {
    const { requestPayment } = load('h5');
    taro.showModal.mockResolvedValueOnce({ confirm: false, cancel: true });
    expect(await requestPayment(params)).toBe('cancelled');
    expect(taro.request).not.toHaveBeenCalled();
    taro.showModal.mockResolvedValueOnce({ confirm: true, cancel: false });
    taro.request.mockResolvedValueOnce({ statusCode: 409, data: { error: 'the order is closed' } });
    await expect(requestPayment(params)).rejects.toThrow('409');
  });
});
