// enableShareAppMessage: WeChat calls the page's useShareAppMessage (menu and 分享给好友 button) only with it.
export default definePageConfig({ navigationBarTitleText: '邀请有礼', enableShareAppMessage: true })
