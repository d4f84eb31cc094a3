import * as z from '../zod'
import type { Lifecycle } from '../insight/rfm'

/**
 * Message copy that differs per member (issue 9: "a thousand faces for a thousand people"). A copy
 * is a default text and ordered variants, each with a condition on the member; the first variant
 * whose condition holds gives the text, else the default. Texts carry placeholders filled from the
 * member: `{姓名}`, or `{姓名|亲爱的顾客}` to say what stands in when the member has no such value.
 * Pure: the console's preview, the campaign's send and the journeys render through here.
 */

/** What a text is rendered from: one member's profile, level, points and insight, and the reward. */
export interface CopyFacts {
  nickname: string | null
  memberNo: string
  tierId: string
  /** The level's Chinese name. */
  tierName: string
  /** As the member's profile lists it: province, city, district (any may be missing). */
  region: readonly string[]
  gender: 'male' | 'female' | 'unknown'
  /** 'YYYY-MM-DD' or null. */
  birthday: string | null
  /** Points balance. */
  points: number
  /** From the last insight run (null: not known). */
  lifecycle: Lifecycle | null
  /** The reward going with the message, if any: the coupon's title and the bonus points. */
  coupon: string | null
  bonusPoints: number | null
}

interface Placeholder {
  /** The English alias, accepted as well: `{name}`. */
  en: string
  /** What the console's help shows. */
  label: string
  value: (f: CopyFacts) => string | null
  /** What stands in when the member has no value and the text gives none (`{姓名|…}`). */
  fallback: string
}

const nonEmpty = (s: string | null | undefined) => (s && s.trim() ? s.trim() : null)

/** Every placeholder a text may use, by its Chinese name (the one the console offers). */
export const PLACEHOLDERS: Record<string, Placeholder> = {
  姓名: { en: 'name', label: '会员昵称', value: (f) => nonEmpty(f.nickname), fallback: '会员' },
  会员号: { en: 'memberNo', label: '会员号', value: (f) => f.memberNo, fallback: '' },
  等级: { en: 'tier', label: '会员等级名称', value: (f) => nonEmpty(f.tierName), fallback: '会员' },
  地区: { en: 'region', label: '所在城市（没有城市时为省份）', value: (f) => nonEmpty(f.region[1]) ?? nonEmpty(f.region[0]), fallback: '' },
  省份: { en: 'province', label: '所在省份', value: (f) => nonEmpty(f.region[0]), fallback: '' },
  城市: { en: 'city', label: '所在城市', value: (f) => nonEmpty(f.region[1]), fallback: '' },
  积分: { en: 'points', label: '积分余额', value: (f) => String(f.points), fallback: '0' },
  生日: { en: 'birthday', label: '生日（几月几日）', value: (f) => (f.birthday ? `${Number(f.birthday.slice(5, 7))}月${Number(f.birthday.slice(8, 10))}日` : null), fallback: '' },
  券名: { en: 'coupon', label: '随消息发放的券', value: (f) => f.coupon, fallback: '优惠券' },
  赠送积分: { en: 'bonus', label: '随消息赠送的积分', value: (f) => (f.bonusPoints ? String(f.bonusPoints) : null), fallback: '0' },
}

const byEnglish = new Map(Object.entries(PLACEHOLDERS).map(([zh, p]) => [p.en.toLowerCase(), zh]))

/** `{名称}` or `{名称|缺省文字}`; braces cannot nest. */
const TOKEN = /\{([^{}|]*)(?:\|([^{}]*))?\}/g

const placeholderOf = (name: string): Placeholder | undefined => PLACEHOLDERS[name.trim()] ?? PLACEHOLDERS[byEnglish.get(name.trim().toLowerCase()) ?? '']

/** The placeholders of `text` that do not exist (to refuse the text before it is saved). */
export function unknownPlaceholders(text: string): string[] {
  return [...text.matchAll(TOKEN)].map((m) => m[1]).filter((name) => !placeholderOf(name))
}

/** The text as `facts` reads: each placeholder replaced by the member's value or its stand-in. */
export function renderText(text: string, facts: CopyFacts): string {
  return text.replace(TOKEN, (token, name: string, given: string | undefined) => {
    const p = placeholderOf(name)
    if (!p) return token
    return p.value(facts) ?? (given !== undefined ? given : p.fallback)
  })
}

export const Gender = z.enum(['male', 'female', 'unknown'])
const LifecycleStage = z.enum(['new', 'active', 'at_risk', 'dormant'])

/** Which members a variant is for: every condition given must hold; within one, any value. */
export const VariantWhen = z
  .object({
    /** Provinces or cities, as the member's region lists them (any level matches). */
    regions: z.array(z.string().trim().min(1).max(40)).max(50).optional(),
    /** Level ids. */
    tiers: z.array(z.string().min(1).max(64)).max(20).optional(),
    lifecycle: z.array(LifecycleStage).max(4).optional(),
    genders: z.array(Gender).max(3).optional(),
    birthdayMonths: z.array(z.number().int().min(1).max(12)).max(12).optional(),
  })
  .strict()
  .refine((w) => Object.values(w).some((v) => v !== undefined && v.length > 0), '请至少选择一个条件（地区、等级、生命周期、性别或生日月份）')
export type VariantWhen = z.infer<typeof VariantWhen>

export const CopyText = z
  .string({ error: '请填写文案' })
  .trim()
  .min(1, '请填写文案')
  .max(300, '文案最多 300 个字')
  .superRefine((text, ctx) => {
    const unknown = unknownPlaceholders(text)
    if (unknown.length > 0)
      ctx.addIssue({ code: 'custom', message: `没有这个占位符：${unknown.map((n) => `{${n}}`).join('、')}（可用：${Object.keys(PLACEHOLDERS).map((n) => `{${n}}`).join('')}）` })
  })

export const CopyVariant = z.object({ when: VariantWhen, text: CopyText }).strict()
export type CopyVariant = z.infer<typeof CopyVariant>

export const Copy = z.object({ text: CopyText, variants: z.array(CopyVariant).max(20, '最多 20 个分组文案').default([]) }).strict()
export type Copy = z.infer<typeof Copy>

const any = <T>(wanted: readonly T[] | undefined, has: (v: T) => boolean) => !wanted || wanted.length === 0 || wanted.some(has)

export function variantMatches(w: VariantWhen, f: CopyFacts): boolean {
  return (
    any(w.regions, (r) => f.region.includes(r)) &&
    any(w.tiers, (t) => t === f.tierId) &&
    any(w.lifecycle, (l) => l === f.lifecycle) &&
    any(w.genders, (g) => g === f.gender) &&
    any(w.birthdayMonths, (m) => f.birthday !== null && Number(f.birthday.slice(5, 7)) === m)
  )
}

/** The index of the first variant for this member, or null for the default text. */
export function chooseVariant(copy: Copy, f: CopyFacts): number | null {
  const i = copy.variants.findIndex((v) => variantMatches(v.when, f))
  return i === -1 ? null : i
}

/** What this member reads, and which variant gave it (null: the default text). */
export function renderCopy(copy: Copy, f: CopyFacts): { text: string; variant: number | null } {
  const variant = chooseVariant(copy, f)
  return { text: renderText(variant === null ? copy.text : copy.variants[variant].text, f), variant }
}
