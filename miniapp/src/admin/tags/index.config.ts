export default definePageConfig({ navigationBarTitleText: '标签与规则' })
