export default definePageConfig({ navigationBarTitleText: '关怀消息' })
