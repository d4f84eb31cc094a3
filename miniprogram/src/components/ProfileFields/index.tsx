import { Picker } from '@tarojs/components'
import type { MemberView } from '@shared/member/schemas'
import { useI18n } from '../../i18n'
import { CellGroup, Input, Radio } from '../../ui'
import Field from '../Field'
import RegionPicker from './RegionPicker'

type Gender = MemberView['gender']
export type ProfileDraft = { nickname: string; birthday: string; gender?: Gender; region: string[] }

type Props = {
  /** Element ids become `${idPrefix}-nickname`, `-birthday`, `-gender`, `-region`. */
  idPrefix: string
  value: ProfileDraft
  onChange: (next: ProfileDraft) => void
  /** Shown for an empty birthday or region: "请选择" on a form, "未填写" on a profile. */
  emptyLabel: string
}

const genders: Gender[] = ['male', 'female', 'unknown']
const today = () => new Date().toISOString().slice(0, 10)

/** Nickname, birthday, gender and region, as both registration and the profile page edit them. */
export default function ProfileFields({ idPrefix, value, onChange, emptyLabel }: Props) {
  const { t } = useI18n()
  const set = (patch: Partial<ProfileDraft>) => onChange({ ...value, ...patch })
  return (
    <CellGroup>
      <Field label={t.register.nickname}>
        <Input id={`${idPrefix}-nickname`} maxLength={20} placeholder={t.register.nicknamePlaceholder} value={value.nickname} onChange={(nickname) => set({ nickname })} />
      </Field>
      <Picker mode='date' value={value.birthday || '1990-01-01'} start='1900-01-01' end={today()} onChange={(e) => set({ birthday: e.detail.value })}>
        <Field id={`${idPrefix}-birthday`} label={t.register.birthday}>
          {value.birthday || emptyLabel}
        </Field>
      </Picker>
      <Field label={t.register.gender}>
        <Radio.Group id={`${idPrefix}-gender`} direction='horizontal' value={value.gender ?? ''} onChange={(v) => set({ gender: v as Gender })}>
          {genders.map((g) => (
            <Radio key={g} value={g}>
              {t.gender[g]}
            </Radio>
          ))}
        </Radio.Group>
      </Field>
      <RegionPicker value={value.region} onChange={(region) => set({ region })}>
        <Field id={`${idPrefix}-region`} label={t.register.region}>
          {value.region.length ? value.region.join(' ') : emptyLabel}
        </Field>
      </RegionPicker>
    </CellGroup>
  )
}
