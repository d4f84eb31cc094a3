/** A settings tab (issue 9). */
export function MessagingSettings() {
  return null
}
