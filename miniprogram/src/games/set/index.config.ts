// enableShareAppMessage: WeChat only calls the page's useShareAppMessage (and shows 转发) when the page config says so.
export default definePageConfig({ navigationBarTitleText: '集卡活动', enableShareAppMessage: true })
