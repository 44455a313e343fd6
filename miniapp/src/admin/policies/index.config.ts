export default definePageConfig({ navigationBarTitleText: '协议与隐私政策' })
