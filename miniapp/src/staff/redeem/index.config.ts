export default definePageConfig({ navigationBarTitleText: '核销礼品券' })
