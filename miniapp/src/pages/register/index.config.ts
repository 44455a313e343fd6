export default definePageConfig({ navigationBarTitleText: '注册会员' })
