export default definePageConfig({ navigationBarTitleText: '待注销会员' })
