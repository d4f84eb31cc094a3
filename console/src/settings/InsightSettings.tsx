/** A settings tab (issue 9). */
export function InsightSettings() {
  return null
}
