import * as z from '../zod'
import { TierBenefits, TierRule } from './programme'

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/)
const Text = z.object({ zh: z.string(), en: z.string() })

// ---- inputs

/** "What if I spend ¥X today": up to ¥1,000,000, in fen. */
export const WhatIfInput = z.object({ spendFen: z.number().int().min(0).max(100_000_000) })

// ---- outputs

export const LevelView = z.object({ id: z.string(), rank: z.number().int(), name: Text, qualify: TierRule, retain: TierRule, benefits: TierBenefits })

export const Progress = z.object({
  spendFen: z.object({ have: z.number().int(), need: z.number().int().nullable() }),
  visitDays: z.object({ have: z.number().int(), need: z.number().int().nullable() }),
  maxGapDays: z.object({ have: z.number().int(), limit: z.number().int().nullable() }),
  met: z.boolean(),
})

export const TierStatusView = z.object({
  level: LevelView,
  next: LevelView.nullable(),
  ladder: z.array(LevelView),
  windowDays: z.number().int(),
  growth: z.object({ spendFen: z.number().int(), visitDays: z.number().int(), maxGapDays: z.number().int(), lastVisit: Day.nullable() }),
  toNext: Progress.nullable(),
  toKeep: Progress.nullable(),
  reviewOn: Day.nullable(),
  graceUntil: Day.nullable(),
  countsUntil: Day.nullable(),
  manual: z.object({ levelId: z.string(), kind: z.enum(['floor', 'untilReview']) }).nullable(),
  sentence: Text,
})
export type TierStatusView = z.infer<typeof TierStatusView>

export const WhatIfResult = z.object({
  levelId: z.string(),
  rank: z.number().int(),
  upgrades: z.boolean(),
  /** Whether the current level would be kept at the review (null on the base level). */
  keeps: z.boolean().nullable(),
  sentence: Text,
})
