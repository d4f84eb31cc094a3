import type { ReportName } from '../admin/schemas'
import type { CostFigures, CostReport } from './cost'
import type { CouponReport } from './coupon-rates'
import { toCsv, type Cell } from './csv'
import type { Fraction } from './fraction'
import type { LiabilityReport } from './liability'
import type { Flow, MonthFlow } from './points-flow'
import type { RedemptionRates, RedemptionReport } from './redemption'
import type { SettlementFigures, SettlementReport } from './settlement'
import type { TierReport } from './tiers'

/** The three cells of a ratio: numerator, denominator, percentage. */
const ratio = (f: Fraction): Cell[] => [f.numerator, f.denominator, f.percent]
const ratioHeader = (name: string) => [`${name}_分子`, `${name}_分母`, `${name}(%)`]
const TOTAL = '合计'

function liability(r: LiabilityReport): string {
  return toCsv(
    ['截至', '未用积分', '待过期处理积分', '其中待生效积分', '持分会员数', '积分价值_分', '积分价值_积分', '负债(分)'],
    [[r.asOf, r.outstandingPoints, r.awaitingExpiry, r.pendingPoints, r.members, r.pointValue.fen, r.pointValue.points, r.liabilityFen]],
  )
}

function points(r: { months: MonthFlow[] }): string {
  const flow = (f: Flow): Cell[] => [f.issued, f.redeemed, f.expired, f.reversed, f.adjusted]
  return toCsv(
    ['月份', '门店', '期初', '发放', '兑换', '过期', '冲回', '调整', '期末'],
    r.months.flatMap((m) => [
      ...m.byStore.map((s) => [m.month, s.storeId, null, ...flow(s), null]),
      [m.month, TOTAL, m.opening, ...flow(m.total), m.closing],
    ]),
  )
}

function redemption(r: RedemptionReport): string {
  const row = (month: string, x: RedemptionRates): Cell[] => [month, x.issued, x.redeemed, x.expired, ...ratio(x.redeemedOfIssued), ...ratio(x.redeemedOfUnexpired)]
  return toCsv(
    ['月份', '发放', '兑换', '过期', ...ratioHeader('兑换率(兑换÷发放)'), ...ratioHeader('兑换率(兑换÷(发放−过期))')],
    [...r.months.map((m) => row(m.month, m)), row(TOTAL, r.overall)],
  )
}

function cost(r: CostReport): string {
  const row = (month: string, store: string, c: CostFigures): Cell[] => [
    month, store, c.salesFen, c.refundedFen, c.netSalesFen, c.pointsIssued, c.pointsReversed, c.pointsNet, c.pointsCostFen,
    c.cashCoupons, c.cashCouponFen, c.percentCoupons, c.giftCoupons, c.costFen, ...ratio(c.share),
  ]
  return toCsv(
    ['月份', '门店', '销售额(分)', '退款(分)', '净销售额(分)', '发放积分', '冲回积分', '净发放积分', '积分成本(分)', '现金券张数', '现金券面额(分)', '折扣券张数(无固定面额，未计入成本)', '礼品券张数(未计入成本)', '成本(分)', ...ratioHeader('成本占比')],
    [...r.months.flatMap((m) => [...m.stores.map((s) => row(m.month, s.storeId, s)), row(m.month, TOTAL, m.total)]), row(TOTAL, TOTAL, r.overall)],
  )
}

function coupons(r: CouponReport): string {
  const counts = (c: CouponReport['total']): Cell[] => [c.issued, c.used, c.expired, c.open, c.undoneWriteOffs, ...ratio(c.useRate)]
  return toCsv(
    ['券模板', '名称', '类型', '发放', '已使用', '已过期', '未使用未过期', '撤销的核销', ...ratioHeader('使用率')],
    [...r.templates.map((t) => [t.templateId, t.title, t.kind, ...counts(t)]), [TOTAL, null, null, ...counts(r.total)]],
  )
}

function tiers(r: TierReport): string {
  return toCsv(
    ['类别', '版本或月份', '等级', '名称', '会员数', '升级', '降级', '手动调整', '版本迁移'],
    [
      ...r.levels.map((l) => ['分布', l.version, l.levelId, l.name, l.members, null, null, null, null]),
      ...r.months.map((m) => ['变动', m.month, null, null, null, m.upgrades, m.downgrades, m.grants, m.termsMoves]),
    ],
  )
}

function settlement(r: SettlementReport): string {
  const figures = (f: SettlementFigures): Cell[] => [f.fundedPoints, f.fundedFen, f.owedPoints, f.owedFen, f.netFen]
  return toCsv(
    ['商场', '租户门店', '门店名称', '月份', '出资积分', '出资(分)', '兑换积分', '应付租户(分)', '净额(分)'],
    r.malls.flatMap((mall) => [
      ...mall.tenants.flatMap((t) => [...t.months.map((m) => [mall.mallId, t.storeId, t.name, m.month, ...figures(m)]), [mall.mallId, t.storeId, t.name, TOTAL, ...figures(t.total)]]),
      [mall.mallId, TOTAL, null, TOTAL, ...figures(mall.total)],
    ]),
  )
}

/** One CSV layout per report (columns documented in docs/api.md, `admin.report`). */
export function reportCsv(name: ReportName, data: unknown): string {
  switch (name) {
    case 'liability':
      return liability(data as LiabilityReport)
    case 'points':
      return points(data as { months: MonthFlow[] })
    case 'redemption':
      return redemption(data as RedemptionReport)
    case 'cost':
      return cost(data as CostReport)
    case 'coupons':
      return coupons(data as CouponReport)
    case 'tiers':
      return tiers(data as TierReport)
    case 'settlement':
      return settlement(data as SettlementReport)
  }
}
