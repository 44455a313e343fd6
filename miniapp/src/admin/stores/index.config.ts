export default definePageConfig({ navigationBarTitleText: '门店与员工' })
