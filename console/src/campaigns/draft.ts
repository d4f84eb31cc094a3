import type { Copy } from '../../../shared/marketing/copy'
import type { CampaignDraft, CampaignDraftInput, CampaignKind, Channel, MemberPage } from '../../../shared/marketing/schemas'

type CopyInput = CampaignDraftInput['copy']

/** One variant as the editor holds it: its conditions side by side with its text. */
export type VariantForm = {
  regions?: string[]
  tiers?: string[]
  lifecycle?: Array<'new' | 'active' | 'at_risk' | 'dormant'>
  genders?: Array<'male' | 'female' | 'unknown'>
  birthdayMonths?: number[]
  text?: string
}

/** The campaign editor's form: the draft flattened so each field is one antd Form.Item. */
export type DraftForm = {
  name?: string
  segmentId?: string
  kind: CampaignKind
  channel: Channel
  couponTemplateId?: string | null
  points?: number | null
  notify: boolean
  text?: string
  variants: VariantForm[]
  page: MemberPage
  controlPercent: number
  windowDays: number
}

export const NEW_DRAFT: DraftForm = {
  kind: 'message',
  channel: 'subscribe',
  notify: true,
  text: '{姓名}，您好！',
  variants: [],
  page: 'pages/card/index',
  controlPercent: 10,
  windowDays: 14,
}

const CONDITIONS = ['regions', 'tiers', 'lifecycle', 'genders', 'birthdayMonths'] as const

/** Copy as the editors hold it: the default text and the variants with their conditions flattened. */
export const copyToForm = (copy: Copy) => ({ text: copy.text, variants: copy.variants.map((v) => ({ ...v.when, text: v.text })) })

export const copyFromForm = (text: string | undefined, variants: VariantForm[] | undefined): CopyInput => ({
  text: text ?? '',
  variants: (variants ?? []).map((v) => ({
    when: Object.fromEntries(CONDITIONS.filter((k) => (v[k]?.length ?? 0) > 0).map((k) => [k, v[k]])),
    text: v.text ?? '',
  })),
})

export function toForm(d: CampaignDraft): DraftForm {
  return {
    name: d.name,
    segmentId: d.segmentId,
    kind: d.kind,
    channel: d.channel,
    couponTemplateId: d.reward?.couponTemplateId ?? null,
    points: d.reward?.points || null,
    notify: d.notify,
    ...copyToForm(d.copy),
    page: d.page,
    controlPercent: d.controlPercent,
    windowDays: d.windowDays,
  }
}

/** The draft the form stands for, for the same zod schema the function checks it with. */
export function fromForm(f: DraftForm): CampaignDraftInput {
  const reward = f.kind === 'reward' ? { couponTemplateId: f.couponTemplateId || null, points: f.points ?? 0 } : null
  return {
    name: f.name ?? '',
    segmentId: f.segmentId ?? '',
    kind: f.kind,
    channel: f.channel,
    reward,
    notify: f.kind === 'message' ? true : f.notify,
    copy: copyFromForm(f.text, f.variants),
    page: f.page,
    controlPercent: f.controlPercent ?? 0,
    windowDays: f.windowDays ?? 14,
  }
}

/** The form field a schema path (as zod or the server names it, with or without `campaign.`) is shown on. */
export function formField(path: string): Array<string | number> {
  const p = path.replace(/^campaign\./, '').split('.')
  if (p[0] === 'copy' && p[1] === 'variants' && p.length >= 3) return ['variants', Number(p[2]), p[3] === 'text' ? 'text' : 'regions']
  if (p[0] === 'copy') return ['text']
  if (p[0] === 'reward') return [p[1] === 'points' ? 'points' : 'couponTemplateId']
  return [p[0]]
}
