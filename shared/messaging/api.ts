import { Empty } from '../member/schemas'
import * as z from '../zod'

export const ConsentMoment = z.enum(['credit', 'checkin', 'profile'])

const TemplateName = z.string().trim().min(1, '缺少模板名称').max(32)

/** member.consent: the member's answers to the opt-in prompt and/or the SMS setting. */
export const ConsentInput = z
  .object({
    /** What WeChat's dialog (or the H5 stand-in) answered, per template; 3 per request on WeChat. */
    subscribe: z
      .array(z.object({ template: TemplateName, result: z.enum(['accept', 'reject']) }))
      .max(10)
      .optional(),
    sms: z.boolean().optional(),
    /** Where the member was asked (for the record). */
    moment: ConsentMoment.optional(),
  })
  .refine((v) => v.subscribe !== undefined || v.sms !== undefined, '请至少提交一项授权')
export type ConsentInput = z.infer<typeof ConsentInput>

const TemplateRef = z.object({ template: z.string(), title: z.string(), wechatTemplateId: z.string() })

/** What member.consents and member.consent return: the member's consent now, and what to ask for. */
export const ConsentsView = z.object({
  /** Every configured template, with the opt-ins the member has left of it. */
  templates: z.array(TemplateRef.extend({ remaining: z.number().int() })),
  sms: z.object({ on: z.boolean(), at: z.string().nullable() }),
  /** The templates worth asking for now, most valuable first (at most 3). */
  ask: z.array(TemplateRef),
})
export type ConsentsView = z.infer<typeof ConsentsView>

export const OpenedInput = z.object({ campaignId: z.string().trim().min(1, '缺少活动 id').max(64) })
export const OpenedResult = z.object({ opened: z.boolean() })

/** The member actions of message consent (subscribe opt-ins, SMS) and campaign opens (spread into shared/api.ts). */
export const ConsentMemberApi = {
  consents: { input: Empty, output: ConsentsView },
  consent: { input: ConsentInput, output: ConsentsView },
  opened: { input: OpenedInput, output: OpenedResult },
} as const
