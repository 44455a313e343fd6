export default definePageConfig({ navigationBarTitleText: '退货欠分' })
