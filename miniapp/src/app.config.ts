export default defineAppConfig({
  // H5: no page-slide animation (steadier screenshots in the browser tests); weapp ignores this key.
  ...(process.env.TARO_ENV === 'h5' ? { animation: false } : {}),
  pages: [
    'pages/index/index',
    'pages/register/index',
    'pages/code/index',
    'pages/points/index',
    'pages/coupons/index',
    'pages/coupon/index',
    'pages/scan/index',
  ],
  subPackages: [
    {
      // Pages a member opens rarely (tier details, her profile, family card, products, message settings,
      // complaints): kept out of the main package, loaded when first opened.
      root: 'member/',
      pages: ['tier/index', 'profile/index', 'family/index', 'products/index', 'preferences/index', 'complaints/index', 'complaints/new', 'complaints/detail'],
    },
    {
      root: 'staff/',
      pages: ['checkout/index', 'returns/index', 'redeem/index', 'complaints/index'],
    },
    {
      root: 'admin/',
      pages: ['index/index', 'rules/index', 'tiers/index', 'members/index', 'shortfalls/index', 'coupons/index', 'batches/index', 'abuse/index', 'campaigns/index', 'care/index', 'tags/index', 'segments/index', 'complaints/index'],
    },
  ],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '会员中心',
    navigationBarTextStyle: 'black',
    backgroundColor: '#f5f5f7',
  },
})
