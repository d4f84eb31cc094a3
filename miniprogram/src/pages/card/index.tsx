import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { useCallback, useState } from 'react'
import type { MemberView } from '@shared/member/schemas'
import MemberCode from '../../components/MemberCode'
import PageState from '../../components/PageState'
import { useI18n, usePageTitle } from '../../i18n'
import { call, type CallError } from '../../services/api'
import { useChannel } from '../../services/channel'
import { Button, Cell, CellGroup, Tag } from '../../ui'
import { currentPageUrl, registerUrl } from '../../services/navigation'
import { useMemberCode } from './useMemberCode'
import SubscribePrompt from '../../components/SubscribePrompt'
import { creditSinceLastSeen } from '../../services/consent'
import './index.scss'

type State = { kind: 'loading' } | { kind: 'unregistered'; registerAt: string } | { kind: 'error'; error: CallError } | { kind: 'ready'; member: MemberView }

/** The home page: the electronic membership card with the rotating member code. */
export default function CardPage() {
  useChannel()
  const { t, locale } = useI18n()
  usePageTitle(t.card.title)
  const { path, params } = useRouter()
  const [state, setState] = useState<State>({ kind: 'loading' })

  // A balance higher than the member last saw here: a credit came in, the moment to ask for opt-ins.
  const [credited, setCredited] = useState(false)

  const load = useCallback(async () => {
    const res = await call('member', 'me', {})
    if (res.ok) {
      if (creditSinceLastSeen(res.data.memberId, res.data.points)) setCredited(true)
      return setState({ kind: 'ready', member: res.data })
    }
    // Not a member yet: register first, then come back to this very link (query included).
    if (res.error.code === 'NOT_REGISTERED') {
      const registerAt = registerUrl(currentPageUrl(path, params))
      setState({ kind: 'unregistered', registerAt })
      return Taro.redirectTo({ url: registerAt })
    }
    setState({ kind: 'error', error: res.error })
  }, [path, params])

  // On every show, so an edited nickname appears when coming back from the profile page.
  useDidShow(() => void load())

  const code = useMemberCode(state.kind === 'ready')

  if (state.kind === 'loading') return <PageState state='loading' />
  if (state.kind === 'unregistered') {
    const open = () => Taro.redirectTo({ url: state.registerAt })
    return <PageState state='empty' title={t.card.emptyTitle} action={{ label: t.register.title, onClick: open }} />
  }
  if (state.kind === 'error') return <PageState state='error' error={state.error} onRetry={() => (setState({ kind: 'loading' }), load())} />

  const { member } = state
  return (
    <View className='page card'>
      <View className='card__face'>
        <View className='card__row'>
          <Text id='card-nickname' className='card__nickname'>
            {member.nickname}
          </Text>
          <View id='card-tier-link' onClick={() => Taro.navigateTo({ url: '/pages/tier/index' })}>
            <Tag type='warning' round>
              <Text id='card-tier'>{locale === 'en' ? member.tier.name.en : member.tier.name.zh}</Text>
              <Text> ›</Text>
            </Tag>
          </View>
        </View>
        <View className='card__member-no'>
          {t.card.memberNo} <Text id='card-member-no'>{member.memberNo}</Text>
        </View>
        <View className='card__stats'>
          <Stat id='card-points' value={member.points} label={`${t.card.points} ›`} onClick={() => Taro.navigateTo({ url: '/pages/points/index' })} />
          <Stat id='card-coupons' value={member.couponCount} label={`${t.card.coupons} ›`} onClick={() => Taro.navigateTo({ url: '/pages/coupons/index' })} />
        </View>
      </View>

      <SubscribePrompt moment='credit' trigger={credited} />

      <View className='card__code'>
        {code.current ? (
          <MemberCode code={code.current.code} expiresAt={code.current.expiresAt} refreshing={code.refreshing} onRefresh={code.refresh} />
        ) : code.error ? (
          <PageState state='error' error={code.error} onRetry={code.refresh} />
        ) : (
          <PageState state='loading' />
        )}
        {code.current && code.error && (
          <Text id='card-code-error' className='card__code-error'>
            {t.card.codeError}：{code.error.message}
          </Text>
        )}
      </View>

      <Text className='card__tip'>{t.card.brightnessTip}</Text>
      <CellGroup>
        {[
          { id: 'card-signin-link', label: t.signin.title, url: '/pages/signin/index' },
          { id: 'card-invite-link', label: t.invite.title, url: '/pages/invite/index' },
          { id: 'card-wheel-link', label: t.game.title, url: '/games/wheel/index' },
          { id: 'card-collect-link', label: t.collect.title, url: '/games/set/index' },
          { id: 'card-mall-link', label: t.mall.title, url: '/mall/index/index' },
          { id: 'card-wallet-link', label: t.coupons.title, url: '/pages/coupons/index' },
          { id: 'card-orders-link', label: t.mall.orders.title, url: '/mall/orders/index' },
        ].map((e) => (
          <View key={e.id} id={e.id} onClick={() => Taro.navigateTo({ url: e.url })}>
            <Cell title={e.label} extra='›' clickable />
          </View>
        ))}
      </CellGroup>
      <Button id='card-profile' block fill='outline' onClick={() => Taro.navigateTo({ url: '/pages/profile/index' })}>
        {t.card.profile}
      </Button>
    </View>
  )
}

function Stat({ id, value, label, onClick }: { id: string; value: number; label: string; onClick?: () => void }) {
  return (
    <View id={onClick ? `${id}-link` : undefined} className='card__stat' onClick={onClick}>
      <Text id={id} className='card__stat-value'>
        {value}
      </Text>
      <Text className='card__stat-label'>{label}</Text>
    </View>
  )
}
