import * as z from '../zod'
import { MessageKind } from './kinds'
import { mappingIssues, WeChatFields } from './wechat-mapping'

/**
 * A WeChat subscribe-message template as Huika knows it: the mini-program asks members to opt in to
 * it, and each opt-in allows one message of the kinds it carries.
 */
export const SubscribeTemplate = z
  .object({
    /** Huika's name for it: what messages, opt-ins and the API refer to. */
    name: z
      .string()
      .trim()
      .regex(/^[a-z][a-z0-9-]{0,31}$/, '模板名称只能用小写字母、数字和连字符，以字母开头，最多 32 个字符'),
    /** The title members see when asked (WeChat shows its own template's title on weapp). */
    title: z.string().trim().min(1, '请填写模板标题').max(20, '模板标题最多 20 个字'),
    kinds: z.array(MessageKind).min(1, '每个模板至少承载一种消息'),
    /** The deployment's WeChat template id; empty locally (and until it is configured). */
    wechatTemplateId: z.string().trim().max(64).default(''),
    /**
     * Which message field fills each keyword of the WeChat template (wechat-mapping.ts), e.g.
     * `{ "number1": "points", "date2": "expiresOn" }`; the cloud sender refuses a template without.
     */
    wechatFields: WeChatFields.default({}),
  })
  .superRefine((t, ctx) => {
    for (const issue of mappingIssues(t.kinds, t.wechatFields))
      ctx.addIssue({ code: 'custom', path: ['wechatFields', issue.key], message: `模板 ${t.name} 的关键词 ${issue.key}：${issue.problem}` })
  })
export type SubscribeTemplate = z.infer<typeof SubscribeTemplate>

export const DEFAULT_TEMPLATES: SubscribeTemplate[] = [
  { name: 'points-expiry', title: '积分到期提醒', kinds: ['points-expiry'], wechatTemplateId: '', wechatFields: {} },
  { name: 'tier-changed', title: '会员等级变动提醒', kinds: ['tier-at-risk', 'tier-changed'], wechatTemplateId: '', wechatFields: {} },
  { name: 'member-benefit', title: '会员权益通知', kinds: ['welcome', 'birthday', 'win-back', 'campaign'], wechatTemplateId: '', wechatFields: {} },
]

/**
 * How Huika messages members (`config/messaging`): the per-member frequency cap and the subscribe
 * message templates the mini-program asks members to opt in to. Every field has a default.
 */
export const MessagingConfig = z
  .object({
    /** At most `messages` marketing messages (journeys, campaigns) per member within any `days` days. */
    cap: z
      .object({
        messages: z.number().int().min(1).max(50).default(3),
        days: z.number().int().min(1).max(90).default(7),
      })
      .default({ messages: 3, days: 7 }),
    templates: z
      .array(SubscribeTemplate)
      .max(20)
      .default(DEFAULT_TEMPLATES)
      .refine((ts) => new Set(ts.map((t) => t.name)).size === ts.length, '模板名称不能重复')
      .refine((ts) => {
        const kinds = ts.flatMap((t) => t.kinds)
        return new Set(kinds).size === kinds.length
      }, '每种消息只能由一个模板承载'),
    /** Send by SMS, to members who agreed to it, when no subscribe opt-in can be spent. */
    smsFallback: z.boolean().default(true),
    /** Opt-ins kept per member and template at most (each further acceptance is logged, not counted). */
    optInLimit: z.number().int().min(1).max(50).default(5),
    /** A template the member turned down is not asked for again for this many days. */
    askAgainAfterDays: z.number().int().min(0).max(365).default(30),
  })
  .strict()
export type MessagingConfig = z.infer<typeof MessagingConfig>

export const DefaultMessagingConfig: MessagingConfig = MessagingConfig.parse({})

/**
 * The template a message spends opt-ins of: the one named, or, when the configuration has none of
 * that name (renamed by an operator), the one carrying the message's kind; null when neither.
 */
export function resolveTemplate(config: MessagingConfig, name: string, kind: MessageKind): SubscribeTemplate | null {
  return config.templates.find((t) => t.name === name) ?? config.templates.find((t) => t.kinds.includes(kind)) ?? null
}

/** The name of the template carrying `kind`, or '' when none does (the message can then go by SMS only). */
export const templateFor = (config: MessagingConfig, kind: MessageKind): string => config.templates.find((t) => t.kinds.includes(kind))?.name ?? ''
