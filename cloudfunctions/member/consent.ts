/** The handlers of message consent and campaign opens (spread into the function's definition in index.ts). */
export const consentHandlers = {}
