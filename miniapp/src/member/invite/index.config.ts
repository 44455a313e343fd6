// The invitation can be shared as a mini-program card (the page's onShareAppMessage).
export default definePageConfig({ navigationBarTitleText: '邀请有礼', enableShareAppMessage: true })
