export default definePageConfig({ navigationBarTitleText: '防伪码批次' })
