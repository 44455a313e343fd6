export default definePageConfig({ navigationBarTitleText: '门槛规划' })
