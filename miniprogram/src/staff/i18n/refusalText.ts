import { ErrorMessages, isErrorCode } from '@shared/errors'

/** A refusal code in the clerk's words: the page's own text where it has one, else the server's message. */
export function refusalText(code: string, own: Record<string, string>): string {
  return own[code] ?? (isErrorCode(code) ? ErrorMessages[code] : code)
}
