/** The handlers of campaigns, journeys and measurement (spread into the function's definition in index.ts). */
export const campaignHandlers = {}
