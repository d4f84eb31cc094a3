// The dev identity page is local tooling: H5 (served by the local server) and weapp
// development builds have it; a weapp production build leaves it out of app.json.
const withDevPage = process.env.TARO_ENV === 'h5' || process.env.NODE_ENV !== 'production'

export default defineAppConfig({
  pages: ['pages/card/index', 'pages/register/index', 'pages/profile/index', 'pages/points/index', 'pages/tier/index', 'pages/coupons/index', 'pages/signin/index', 'pages/invite/index', ...(withDevPage ? ['pages/dev/index'] : [])],
  // The till is for staff only: members never download it (WeChat loads a subpackage on first visit).
  subPackages: [
    { root: 'staff', pages: ['scan/index', 'writeoff/index', 'fulfil/index', 'refund/index', 'approvals/index', 'anomalies/index'] },
    // The points mall: its own subpackage, loaded when a member first opens it.
    { root: 'mall', pages: ['index/index', 'item/index', 'confirm/index', 'orders/index'] },
    // Games: only some members play, so they stay out of the main package.
    { root: 'games', pages: ['wheel/index', 'set/index'] },
  ],
  // Built on their own by `taro build native-components --type weapp` for the miniprogram-simulate test.
  components: ['components/MemberCode/index'],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#fa2c19',
    navigationBarTitleText: '会员中心',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f2f3f5',
  },
})
