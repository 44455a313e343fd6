export default definePageConfig({ navigationBarTitleText: '扫码风控' })
