import { useI18n } from '../../i18n'
import { staffEn } from './en'
import { staffZhCN, type StaffMessages } from './zh-CN'

const dictionaries = { 'zh-CN': staffZhCN, en: staffEn }

/** The app's dictionary (`t`) plus the staff pages' own (`s`), both in the current locale. */
export function useStaffI18n(): { t: ReturnType<typeof useI18n>['t']; s: StaffMessages; locale: ReturnType<typeof useI18n>['locale'] } {
  const { t, locale } = useI18n()
  return { t, s: dictionaries[locale], locale }
}
