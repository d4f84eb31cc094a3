import type { SigninRules } from '../../shared/signin/schemas'
import type { Database } from './deps'
import { loadSettings, SETTINGS } from './settings'

/**
 * The sign-in collections, named in one place:
 * - `signins`: `<memberId>:<day>`, one per member and Asia/Shanghai day (a raced check-in collides here).
 * - `signin_state`: `<memberId>`, the last check-in and the streak (read by every check-in, in its transaction).
 * - `config/signin`: the programme (shared/signin/schemas.ts), defaults when absent.
 */
export const SIGNINS = 'signins'
export const SIGNIN_STATE = 'signin_state'
export const SIGNIN_RULES_ID = SETTINGS.signin.id

export interface SigninRecord {
  _id: string
  memberId: string
  day: string
  /** YYYY-MM: the calendar reads a month with one equality query. */
  month: string
  streak: number
  points: number
  bonusPoints: number
  couponCodes: string[]
  at: Date
}

export const loadSigninRules = (db: Database): Promise<SigninRules> => loadSettings(db, 'signin')
