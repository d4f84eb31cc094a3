/** What saving the code image came to (the page words a toast for each). */
export type SaveOutcome = 'saved' | 'downloaded' | 'denied' | 'failed'

/** Shows the code image full screen (in WeChat, long-press there to save or send it). */
export function previewPoster(image: string, code: string): Promise<void>

/** Saves the code image: to the photo album in WeChat, as a download in a browser. */
export function savePoster(image: string, code: string): Promise<SaveOutcome>
