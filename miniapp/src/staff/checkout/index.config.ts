export default definePageConfig({ navigationBarTitleText: '店员收银' })
