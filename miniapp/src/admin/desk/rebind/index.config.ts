export default definePageConfig({ navigationBarTitleText: '换绑申请' })
