import * as z from '../zod'

/**
 * The automatic journeys (`config/journeys`): welcome pack, birthday-month benefit and win-back
 * offer, each with its reward and copy. Issue 9; owned by the campaign code.
 */
export const JourneysConfig = z.object({}).strict()
export type JourneysConfig = z.infer<typeof JourneysConfig>
