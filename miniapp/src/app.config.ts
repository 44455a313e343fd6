export default defineAppConfig({
  // H5: no page-slide animation (steadier screenshots in the browser tests); weapp ignores this key.
  ...(process.env.TARO_ENV === 'h5' ? { animation: false } : {}),
  // weapp: privacy APIs (phone, scan, subscribe) wait for the member's agreement in our sheet (platform/privacy.ts).
  __usePrivacyCheck__: true,
  pages: [
    'pages/index/index',
    'pages/register/index',
    'pages/code/index',
    'pages/points/index',
    'pages/coupons/index',
    'pages/coupon/index',
    'pages/scan/index',
    'pages/mine/index',
  ],
  subPackages: [
    {
      // Pages a member opens rarely (tier details, her profile, family card, products, message settings,
      // complaints): kept out of the main package, loaded when first opened.
      root: 'member/',
      pages: ['tier/index', 'profile/index', 'family/index', 'products/index', 'preferences/index', 'complaints/index', 'complaints/new', 'complaints/detail', 'terms/index', 'privacy/index', 'card/index', 'data/index', 'plus/index', 'stored-value/index', 'checkin/index', 'invite/index', 'surveys/index', 'survey/index', 'rate/index'],
    },
    {
      root: 'staff/',
      pages: ['checkout/index', 'returns/index', 'redeem/index', 'complaints/index', 'team/index', 'join/index', 'insight/index', 'growth/index', 'leaderboard/index'],
    },
    {
      root: 'admin/',
      pages: ['index/index', 'rules/index', 'tiers/index', 'members/index', 'shortfalls/index', 'coupons/index', 'batches/index', 'abuse/index', 'campaigns/index', 'care/index', 'tags/index', 'segments/index', 'complaints/index', 'stores/index', 'audit/index', 'cards/index', 'desk/index', 'desk/merge/index', 'desk/rebind/index', 'deletions/index', 'policies/index', 'import/index', 'plans/index', 'stored-value/index', 'payments/index', 'planner/index', 'repurchase/index', 'insight/index', 'checkin/index', 'referrals/index', 'surveys/index', 'surveys/results'],
    },
  ],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '会员中心',
    navigationBarTextStyle: 'black',
    backgroundColor: '#f5f5f7',
    // H5: Taro 4 draws its own navigation bar (title, back or home) only when asked for it here.
    navigationStyle: 'default',
  },
  // The member centre's three tabs (tab pages live in the main package).
  tabBar: {
    color: '#999999',
    selectedColor: '#fa2c19',
    backgroundColor: '#ffffff',
    borderStyle: 'white',
    list: [
      { pagePath: 'pages/index/index', text: '首页', iconPath: 'assets/tab/home.png', selectedIconPath: 'assets/tab/home-on.png' },
      { pagePath: 'pages/code/index', text: '会员码', iconPath: 'assets/tab/code.png', selectedIconPath: 'assets/tab/code-on.png' },
      { pagePath: 'pages/mine/index', text: '我的', iconPath: 'assets/tab/mine.png', selectedIconPath: 'assets/tab/mine-on.png' },
    ],
  },
})
