/** The handlers of member insight, tags and segments (spread into the function's definition in index.ts). */
export const insightHandlers = {}
