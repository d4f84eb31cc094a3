export default definePageConfig({ navigationBarTitleText: '开发身份' })
