import * as z from '../zod'

/**
 * How Huika messages members (`config/messaging`): the per-member frequency cap and the subscribe
 * message templates the mini-program asks members to opt in to. Issue 9; owned by the messaging code.
 */
export const MessagingConfig = z.object({}).strict()
export type MessagingConfig = z.infer<typeof MessagingConfig>
