/** The handlers of webhooks (spread into the function's definition in index.ts). */
export const webhookHandlers = {}
