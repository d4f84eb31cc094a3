import { addDays, shanghaiDay } from '../../shared/day'
import type { CouponTemplateInput } from '../../shared/coupon/schemas'
import type { MallItemInput } from '../../shared/mall/schemas'
import type { SetCampaignInput, WheelInput } from '../../shared/game/schemas'

/**
 * The demo catalogue `seed demo` loads: coupon templates (the claim centre, mall coupons and the
 * tier packs of DemoTierConfig) and a dozen mall items with images bundled in the mini-program
 * (miniprogram/src/assets/mall). Dates are relative to the day of seeding, so a demo is always live.
 * Partners are fictional.
 */
export const DEMO_STORE = { id: 'DEMO01', name: '会卡演示店（静安）' }

export function demoTemplates(today: string): CouponTemplateInput[] {
  return [
    { id: 'welcome-20', title: '新人满100减20', kind: 'cash', offFen: 2000, thresholdFen: 10000, validity: { kind: 'days', days: 30 }, perMemberLimit: 1, totalLimit: 1000, claimable: true, note: '每人限领 1 张，不与其他满减同享' },
    { id: 'drink-gift', title: '招牌饮品赠饮券', kind: 'gift', gift: '招牌柠檬茶一杯', validity: { kind: 'days', days: 14 }, perMemberLimit: 1, totalLimit: 200, claimable: true, note: '到店出示，限堂食' },
    { id: 'weekend-88', title: '周末全场88折', kind: 'percent', payPercent: 88, maxOffFen: 5000, validity: { kind: 'fixed', from: today, until: addDays(today, 60) }, perMemberLimit: 2, claimable: true, note: '不与其他折扣同享' },
    { id: 'mall-cash-30', title: '满200减30', kind: 'cash', offFen: 3000, thresholdFen: 20000, validity: { kind: 'days', days: 60 }, note: '积分商城兑换' },
    { id: 'mall-pct-9', title: '全场9折券', kind: 'percent', payPercent: 90, maxOffFen: 10000, validity: { kind: 'days', days: 30 }, note: '积分商城兑换' },
    { id: 'silver-welcome', title: '银杏会员礼：满150减15', kind: 'cash', offFen: 1500, thresholdFen: 15000, validity: { kind: 'days', days: 90 }, note: '升级银杏会员赠送' },
    { id: 'gold-welcome', title: '金桂会员礼：满300减50', kind: 'cash', offFen: 5000, thresholdFen: 30000, validity: { kind: 'days', days: 90 }, note: '升级金桂会员赠送' },
    { id: 'black-welcome', title: '墨玉会员礼：双人下午茶', kind: 'gift', gift: '双人下午茶套餐', validity: { kind: 'days', days: 180 }, note: '升级墨玉会员赠送，需提前一天预约' },
  ]
}

const img = (name: string) => [`/assets/mall/${name}.svg`]

/** The flash sale runs from an hour before seeding for two days, so an evaluator finds it live. */
export function demoItems(now: Date): MallItemInput[] {
  const start = new Date(now.getTime() - 60 * 60 * 1000)
  const end = new Date(now.getTime() + 2 * 24 * 60 * 60 * 1000)
  const iso = (d: Date) => d.toISOString().replace('Z', '+00:00')
  return [
    {
      id: 'bear-flash', title: '会卡限定小熊公仔', subtitle: '限时秒杀 99 积分', category: '生活好物', images: img('bear'), kind: 'goods', fulfilment: 'pickup',
      description: '20 厘米毛绒小熊，会卡周年限定款，每人限兑 1 只。秒杀结束后恢复原价。', pricePoints: 1999, marketPriceFen: 6900, stock: 20, stockShards: 4, perMemberLimit: 2, sort: 1,
      flash: { id: 'anniversary', startsAt: iso(start), endsAt: iso(end), pricePoints: 99, stock: 5, perMemberLimit: 1 },
    },
    { id: 'latte', title: '拿铁咖啡（中杯）', subtitle: '到店现做', category: '饮品美食', images: img('latte'), kind: 'goods', fulfilment: 'pickup', description: '意式浓缩与鲜牛奶，可选热饮或冰饮。兑换后 14 天内到任意门店领取。', pricePoints: 600, marketPriceFen: 2800, stock: 500, perMemberLimit: 10, sort: 10 },
    { id: 'cheesecake', title: '纽约芝士蛋糕', subtitle: '积分 + 9.9 元', category: '饮品美食', images: img('cheesecake'), kind: 'goods', fulfilment: 'pickup', description: '每日新鲜烘焙。积分+现金兑换，现金在门店提货时支付。', pricePoints: 800, priceFen: 990, marketPriceFen: 3800, stock: 100, perMemberLimit: 5, sort: 11 },
    { id: 'milk-tea', title: '茶语时光 鲜奶茶兑换券', subtitle: '合作品牌', category: '合作权益', images: img('milk-tea'), kind: 'voucher', partner: '茶语时光', description: '茶语时光全国门店通用，凭券码兑换中杯鲜奶茶一杯，有效期 90 天。', pricePoints: 900, marketPriceFen: 1800, stock: 0, perMemberLimit: 5, sort: 20 },
    { id: 'movie-ticket', title: '星河影城 2D 电影票', subtitle: '合作品牌', category: '合作权益', images: img('movie-ticket'), kind: 'voucher', partner: '星河影城', description: '星河影城全国影院 2D 普通场通兑券一张，不含 IMAX 及节假日特殊场次。', pricePoints: 2500, marketPriceFen: 4500, stock: 0, perMemberLimit: 4, sort: 21 },
    { id: 'coupon-cash-30', title: '满200减30 优惠券', subtitle: '兑换后放入券包', category: '优惠券', images: img('coupon-cash'), kind: 'coupon', couponTemplateId: 'mall-cash-30', description: '兑换后自动放入“我的券”，60 天内有效，全部门店可用。', pricePoints: 300, stock: 1000, perMemberLimit: 3, sort: 30 },
    { id: 'coupon-pct-9', title: '全场9折券', subtitle: '最多减 100 元', category: '优惠券', images: img('coupon-percent'), kind: 'coupon', couponTemplateId: 'mall-pct-9', description: '兑换后自动放入“我的券”，30 天内有效。', pricePoints: 500, stock: 500, perMemberLimit: 2, sort: 31 },
    { id: 'tote-bag', title: '帆布托特包', subtitle: '包邮到家', category: '生活好物', images: img('tote-bag'), kind: 'goods', fulfilment: 'delivery', description: '加厚帆布，内置拉链袋。兑换后 7 个工作日内发货。', pricePoints: 1800, marketPriceFen: 5900, stock: 80, perMemberLimit: 2, sort: 40 },
    { id: 'mug', title: '陶瓷马克杯', subtitle: '门店自提', category: '生活好物', images: img('mug'), kind: 'goods', fulfilment: 'pickup', description: '350 毫升釉下彩马克杯，可进洗碗机。', pricePoints: 1200, marketPriceFen: 4900, stock: 60, perMemberLimit: 2, sort: 41 },
    { id: 'umbrella', title: '晴雨两用折叠伞', subtitle: '银杏会员及以上', category: '生活好物', images: img('umbrella'), kind: 'goods', fulfilment: 'delivery', description: '防晒涂层，三折便携。银杏会员及以上可兑。', pricePoints: 2200, marketPriceFen: 7900, stock: 40, perMemberLimit: 1, levels: ['silver', 'gold', 'black'], sort: 42 },
    { id: 'thermos', title: '不锈钢保温杯', subtitle: '金桂会员专享', category: '生活好物', images: img('thermos'), kind: 'goods', fulfilment: 'pickup', description: '500 毫升，12 小时保温。金桂、墨玉会员专享。', pricePoints: 3000, marketPriceFen: 12900, stock: 30, perMemberLimit: 1, levels: ['gold', 'black'], sort: 43 },
    { id: 'power-bank', title: '10000mAh 充电宝', subtitle: '墨玉会员专享', category: '生活好物', images: img('power-bank'), kind: 'goods', fulfilment: 'delivery', description: '双向快充，轻薄机身。墨玉会员专享。', pricePoints: 5000, marketPriceFen: 19900, stock: 20, perMemberLimit: 1, levels: ['black'], sort: 44 },
  ]
}

/** Fictional partner codes for the voucher items: `<prefix>-<day>-<n>`. */
export function demoVoucherCodes(itemId: string, count: number, now: Date): string[] {
  const prefix = itemId === 'movie-ticket' ? 'XH' : 'CY'
  const day = shanghaiDay(now).replace(/-/g, '')
  return Array.from({ length: count }, (_, i) => `${prefix}${day}${String(i + 1).padStart(4, '0')}`)
}

/** The demo lucky wheel: one free spin a day, then 20 points a spin, three a day, with a budget. */
export const demoWheel: WheelInput = {
  id: 'daily-wheel',
  title: '每日幸运大转盘',
  costPoints: 20,
  freeSpinsPerDay: 1,
  maxSpinsPerDay: 3,
  budgetPoints: 100_000,
  prizes: [
    { id: 'p500', label: '500 积分', kind: 'points', points: 500, weight: 1 },
    { id: 'p50', label: '50 积分', kind: 'points', points: 50, weight: 9 },
    { id: 'p10', label: '10 积分', kind: 'points', points: 10, weight: 25 },
    { id: 'drink', label: '赠饮券', kind: 'coupon', couponTemplateId: 'drink-gift', weight: 10, stock: 100 },
    { id: 'cash30', label: '满200减30', kind: 'coupon', couponTemplateId: 'mall-cash-30', weight: 15, stock: 300 },
    { id: 'mug', label: '陶瓷马克杯', kind: 'item', itemId: 'mug', weight: 1 },
    { id: 'none', label: '谢谢参与', kind: 'none', weight: 39 },
  ],
}

/** The demo collect-the-set campaign: eight wishes, three free draws a day for ten days from the day of seeding. */
export const demoCampaign = (today: string): SetCampaignInput => ({
  id: 'eight-wishes',
  title: '集八愿 赢好礼',
  cards: [
    { id: 'fu', name: '福', weight: 20 },
    { id: 'lu', name: '禄', weight: 20 },
    { id: 'shou', name: '寿', weight: 20 },
    { id: 'xi', name: '喜', weight: 15 },
    { id: 'cai', name: '财', weight: 10 },
    { id: 'an', name: '安', weight: 8 },
    { id: 'kang', name: '康', weight: 5 },
    { id: 'le', name: '乐', weight: 2 },
  ],
  freeDrawsPerDay: 3,
  shareDrawsPerDay: 1,
  startsOn: today,
  days: 10,
  rewardTiers: [
    { id: 'three', label: '集齐 3 种', distinct: 3, points: 30 },
    { id: 'five', label: '集齐 5 种', distinct: 5, points: 100, couponTemplateId: 'drink-gift' },
    { id: 'eight', label: '集齐 8 种', distinct: 8, points: 888, couponTemplateId: 'mall-cash-30' },
  ],
})
