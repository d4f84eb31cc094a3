import { areaList } from '@vant/area-data'
import { MEMBER_PAGES } from '../../../shared/marketing/schemas'
import { call } from '../api'
import { GENDER, LIFECYCLE } from './labels'

/** What the campaign and journey editors offer to choose from. */

/** Provinces, then cities, as members' profiles name them (the same list the mini-program's picker uses). */
export const REGION_OPTIONS = [...new Set([...Object.values(areaList.province_list), ...Object.values(areaList.city_list)])].map((r) => ({ value: r, label: r }))
export const LIFECYCLE_OPTIONS = Object.entries(LIFECYCLE).map(([value, label]) => ({ value, label }))
export const GENDER_OPTIONS = Object.entries(GENDER).map(([value, label]) => ({ value, label }))
export const MONTH_OPTIONS = Array.from({ length: 12 }, (_x, i) => ({ value: i + 1, label: `${i + 1}月` }))
export const PAGE_OPTIONS = Object.entries(MEMBER_PAGES).map(([value, label]) => ({ value, label: `${label}（${value}）` }))

/** Coupon templates (admin.catalogue) as select options. */
export async function couponOptions() {
  const r = await call('catalogue', { kind: 'coupons' })
  return r.rows.filter((t) => t.active !== false).map((t) => ({ value: String(t.id ?? t._id), label: `${String(t.title ?? t.id)}（${String(t.id ?? t._id)}）` }))
}

type Level = { id: string; name: { zh: string } }

/** Every level of every version of the tier programme (admin.tiers), each once. */
export async function levelOptions() {
  const r = await call('tiers', {})
  const levels = new Map<string, string>()
  for (const v of r.versions as Array<{ levels?: Level[] }>) for (const l of v.levels ?? []) if (!levels.has(l.id)) levels.set(l.id, l.name.zh)
  return [...levels].map(([value, label]) => ({ value, label }))
}
