export default definePageConfig({ navigationBarTitleText: '等级门槛规划' })
