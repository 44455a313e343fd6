export default definePageConfig({ navigationBarTitleText: '拉新排行' })
