export default definePageConfig({ navigationBarTitleText: '复购周期' })
