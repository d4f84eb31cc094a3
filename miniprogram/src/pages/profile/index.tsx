import { Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useCallback, useState } from 'react'
import { UpdateProfileInput, type MemberView } from '@shared/member/schemas'
import PageState from '../../components/PageState'
import ProfileFields, { type ProfileDraft } from '../../components/ProfileFields'
import Notifications from './Notifications'
import { locales, setLocale, useI18n, usePageTitle, type Locale } from '../../i18n'
import { call, type CallError } from '../../services/api'
import { useChannel } from '../../services/channel'
import { devToolsEnabled } from '../../services/identity'
import { Button, Cell, CellGroup, Radio } from '../../ui'
import './index.scss'
import { useJoinHere } from '../../services/useJoinHere'

type Gender = MemberView['gender']
type State = { kind: 'loading' } | { kind: 'empty' } | { kind: 'error'; error: CallError } | { kind: 'ready'; member: MemberView }

const toDraft = (m: MemberView): ProfileDraft => ({ nickname: m.nickname, birthday: m.birthday ?? '', gender: m.gender, region: m.region })

/** Only what changed, so an untouched form sends nothing. */
function changes(member: MemberView, d: ProfileDraft) {
  const out: { nickname?: string; birthday?: string; gender?: Gender; region?: string[] } = {}
  if (d.nickname.trim() !== member.nickname) out.nickname = d.nickname.trim()
  if (d.birthday && d.birthday !== member.birthday) out.birthday = d.birthday
  if (d.gender && d.gender !== member.gender) out.gender = d.gender
  if (d.region.length && d.region.join('/') !== member.region.join('/')) out.region = d.region
  return out
}

export default function ProfilePage() {
  useChannel()
  const { t, locale } = useI18n()
  const join = useJoinHere()
  usePageTitle(t.profile.title)
  const [state, setState] = useState<State>({ kind: 'loading' })
  const [draft, setDraft] = useState<ProfileDraft>()
  const [saving, setSaving] = useState(false)

  const load = useCallback(async () => {
    const res = await call('member', 'me', {})
    if (res.ok) {
      setState({ kind: 'ready', member: res.data })
      setDraft(toDraft(res.data))
    } else if (res.error.code === 'NOT_REGISTERED') {
      setState({ kind: 'empty' })
    } else {
      setState({ kind: 'error', error: res.error })
    }
  }, [])
  useDidShow(() => void load())

  const languageSwitch = (
    <CellGroup title={t.profile.language}>
      <Cell>
        <Radio.Group id='profile-language' direction='horizontal' value={locale} onChange={(v) => setLocale(v as Locale)}>
          {locales.map((l) => (
            <Radio key={l.id} value={l.id}>
              {l.label}
            </Radio>
          ))}
        </Radio.Group>
      </Cell>
      {devToolsEnabled && <Cell title={<Text id='profile-dev'>{t.profile.devIdentity}</Text>} clickable onClick={() => Taro.navigateTo({ url: '/pages/dev/index' })} />}
    </CellGroup>
  )

  if (state.kind === 'loading') return <PageState state='loading' />
  if (state.kind === 'error') return <PageState state='error' error={state.error} onRetry={load} />
  if (state.kind === 'empty' || !draft) {
    return (
      <View className='page profile'>
        <PageState state='empty' title={t.card.emptyTitle} action={{ label: t.register.title, onClick: join }} />
        {languageSwitch}
      </View>
    )
  }

  const { member } = state
  const patch = changes(member, draft)
  const dirty = Object.keys(patch).length > 0
  const save = async () => {
    const parsed = UpdateProfileInput.safeParse(patch)
    if (!parsed.success) return Taro.showToast({ title: parsed.error.issues[0]?.message ?? t.common.unknownError, icon: 'none' })
    setSaving(true)
    const res = await call('member', 'updateProfile', patch)
    setSaving(false)
    if (!res.ok) return Taro.showToast({ title: res.error.message, icon: 'none' })
    setState({ kind: 'ready', member: res.data })
    setDraft(toDraft(res.data))
    Taro.showToast({ title: t.common.saved, icon: 'success' })
  }

  return (
    <View className='page profile'>
      <CellGroup>
        <Cell title={t.profile.phone} extra={<Text id='profile-phone'>{member.phone + (member.phoneSimulated ? t.profile.phoneSimulated : '')}</Text>} />
        <Cell title={t.profile.memberNo} extra={<Text id='profile-member-no'>{member.memberNo}</Text>} />
        <Cell title={t.profile.tier} extra={<Text id='profile-tier'>{locale === 'en' ? member.tier.name.en : member.tier.name.zh}</Text>} />
        <Cell title={t.profile.registeredAt} extra={member.registeredAt.slice(0, 10)} />
      </CellGroup>

      <View className='section-title'>{t.profile.edit}</View>
      <ProfileFields idPrefix='profile' value={draft} onChange={setDraft} emptyLabel={t.common.notSet} />
      <Button id='profile-save' type='primary' block disabled={!dirty} loading={saving} onClick={save}>
        {t.common.save}
      </Button>

      <Notifications />
      {languageSwitch}
    </View>
  )
}
