export default definePageConfig({ navigationBarTitleText: '储值与套餐' })
