import * as z from '../zod'
import { Copy } from './copy'
import { Channel, MemberPage, Reward } from './schemas'

/**
 * The automatic journeys (`config/journeys`): welcome pack, birthday-month benefit and win-back
 * offer, each with its reward and copy. Issue 9; owned by the campaign code. The `journeys` job runs
 * them daily (`_lib/journeys.ts`); every field has a default, so an absent document reads as all
 * three switched off.
 */

const journey = (text: string, page: MemberPage) =>
  z
    .object({
      enabled: z.boolean().default(false),
      reward: Reward.default({ couponTemplateId: null, points: 0, pointsValidDays: 365 }),
      channel: Channel.default('subscribe'),
      copy: Copy.default({ text, variants: [] }),
      page: MemberPage.default(page),
    })
    .strict()

export const WelcomeJourney = journey('{姓名}，欢迎成为我们的会员！为您准备的新人礼已放入会员中心，点击查看。', 'pages/coupons/index').extend({
  /** Members who joined within this many days and were never welcomed (the job runs daily). */
  withinDays: z.number().int().min(1).max(30).default(7),
})
export const BirthdayJourney = journey('{姓名}，生日快乐！本月的生日礼遇已为您备好，到店出示会员码即可享用。', 'pages/coupons/index')
export const WinBackJourney = journey('{姓名}，好久不见！我们为您准备了一份回归礼，期待您再次光临。', 'pages/coupons/index')

export const JourneysConfig = z
  .object({
    welcome: WelcomeJourney.default(WelcomeJourney.parse({})),
    birthday: BirthdayJourney.default(BirthdayJourney.parse({})),
    winBack: WinBackJourney.default(WinBackJourney.parse({})),
    /** Journeys and unattended campaigns send only from this Beijing hour … */
    sendFromHour: z.number().int().min(0).max(23).default(10),
    /** … until before this one (quiet hours). */
    sendUntilHour: z.number().int().min(1).max(24).default(21),
  })
  .strict()
  .refine((c) => c.sendUntilHour > c.sendFromHour, { message: '结束时间必须晚于开始时间', path: ['sendUntilHour'] })
export type JourneysConfig = z.infer<typeof JourneysConfig>

/** The journeys the job runs, with the key of their settings. */
export const JOURNEYS = ['welcome', 'birthday', 'winBack'] as const
export type JourneyKey = (typeof JOURNEYS)[number]
