/** The member actions of message consent (subscribe opt-ins, SMS) and campaign opens (spread into shared/api.ts). */
export const ConsentMemberApi = {} as const
