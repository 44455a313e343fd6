export default definePageConfig({ navigationBarTitleText: '家庭卡' })
