export default definePageConfig({ navigationBarTitleText: '合并会员' })
