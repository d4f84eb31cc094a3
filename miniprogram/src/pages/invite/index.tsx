import { Image, Text, View } from '@tarojs/components'
import Taro, { useDidShow, useShareAppMessage } from '@tarojs/taro'
import type { InviteResult, StatsResult } from '@shared/share/schemas'
import PageState from '../../components/PageState'
import { useI18n, usePageTitle, type Messages } from '../../i18n'
import { useChannel } from '../../services/channel'
import { shanghaiDateTime } from '../../services/time'
import { useJoinHere } from '../../services/useJoinHere'
import { Button } from '../../ui'
import { previewPoster, savePoster } from './poster'
import ShareButton from './ShareButton'
import { useInvite, type StatsState } from './useInvite'
import './index.scss'

/** Share-to-earn: the rules, the member's invite code and poster code, sharing, and who joined with it. */
export default function InvitePage() {
  useChannel()
  const { t } = useI18n()
  const s = t.invite
  usePageTitle(s.title)
  const { state, load, retry } = useInvite()
  const join = useJoinHere()

  // On every show, so a friend who joined (or was paid for) meanwhile appears on coming back.
  useDidShow(() => void load())

  // Before any early return (hooks): WeChat's share card carries the member's code. Until it has
  // loaded, the card opens registration without one rather than this page.
  useShareAppMessage(() => (state.kind === 'ready' ? { title: state.invite.title, path: state.invite.path } : { title: s.title, path: '/pages/register/index' }))

  if (state.kind === 'loading') return <PageState state='loading' />
  if (state.kind === 'error') return <PageState state='error' error={state.error} onRetry={() => void retry()} />
  if (state.kind === 'unregistered') return <PageState state='empty' title={t.card.emptyTitle} action={{ label: t.register.title, onClick: join }} />

  const { invite, stats } = state
  const { rules } = invite
  return (
    <View id='invite' className='page invite' data-code={invite.code}>
      <View className='invite__face'>
        <Text className='invite__headline'>{s.headline}</Text>
        <Text id='invite-rules' className='invite__rules' data-pay-on={rules.payOn}>
          {s.rules(rules.inviterPoints, rules.inviteePoints, rules.payOn)}
        </Text>
      </View>

      <View className='invite__panel'>
        <Text className='invite__label'>{s.myCode}</Text>
        <View className='invite__code-row'>
          <Text id='invite-code' className='invite__code' userSelect>
            {invite.code}
          </Text>
          {/* WeChat and Taro's H5 both confirm a copy with their own "内容已复制" toast. */}
          <Button id='invite-copy' size='small' fill='outline' onClick={() => void Taro.setClipboardData({ data: invite.code })}>
            {s.copy}
          </Button>
        </View>
        <Poster invite={invite} t={t} />
      </View>

      <ShareButton path={invite.path} />

      <View className='section-title'>{s.statsTitle}</View>
      <Stats stats={stats} payOn={rules.payOn} t={t} onRetry={() => void load()} />
    </View>
  )
}

/** The poster's code (WeChat's mini-program code in the cloud, a QR of the link locally): tap to preview, or save it. */
function Poster({ invite, t }: { invite: InviteResult; t: Messages }) {
  const s = t.invite
  if (!invite.image) {
    return (
      <Text id='invite-poster-missing' className='invite__muted'>
        {s.posterMissing}
      </Text>
    )
  }
  const save = async () => {
    const outcome = await savePoster(invite.image, invite.code)
    const title = { saved: s.saved, downloaded: s.downloaded, denied: s.saveDenied, failed: s.saveFailed }[outcome]
    Taro.showToast({ title, icon: outcome === 'saved' ? 'success' : 'none' })
  }
  return (
    <View className='invite__poster'>
      <Image id='invite-poster' className='invite__poster-image' src={invite.image} mode='aspectFit' onClick={() => void previewPoster(invite.image, invite.code).catch(() => undefined)} />
      <Text className='invite__muted'>{s.posterTip}</Text>
      <Button id='invite-save' size='small' fill='outline' onClick={() => void save()}>
        {s.savePoster}
      </Button>
    </View>
  )
}

function Stats({ stats, payOn, t, onRetry }: { stats: StatsState; payOn: InviteResult['rules']['payOn']; t: Messages; onRetry: () => void }) {
  const s = t.invite
  if (stats.kind === 'error') return <PageState state='error' error={stats.error} onRetry={onRetry} />
  const { joined, rewarded, pending, pointsEarned, friends } = stats.stats
  return (
    <View id='invite-stats' className='invite__stats-wrap'>
      <View className='invite__stats'>
        <Figure id='invite-joined' value={joined} label={s.joined} />
        <Figure id='invite-rewarded' value={rewarded} label={s.rewarded} />
        <Figure id='invite-pending' value={pending} label={s.pending} />
        <Figure id='invite-points' value={pointsEarned} label={s.pointsEarned} />
      </View>
      <View className='section-title'>{s.friendsTitle}</View>
      <View id='invite-friends' className='invite__friends'>
        {friends.length === 0 ? (
          <Text id='invite-friends-empty' className='invite__muted'>
            {s.friendsEmpty}
          </Text>
        ) : (
          friends.map((f, i) => <Friend key={`${f.joinedAt}-${i}`} id={`invite-friend-${i}`} friend={f} payOn={payOn} t={t} />)
        )}
      </View>
    </View>
  )
}

function Figure({ id, value, label }: { id: string; value: number; label: string }) {
  return (
    <View className='invite__figure'>
      <Text id={id} className='invite__figure-value'>
        {value}
      </Text>
      <Text className='invite__figure-label'>{label}</Text>
    </View>
  )
}

function Friend({ id, friend, payOn, t }: { id: string; friend: StatsResult['friends'][number]; payOn: InviteResult['rules']['payOn']; t: Messages }) {
  const s = t.invite
  // Paid on registration, an unpaid friend is one past the inviter's cap: no purchase will change that.
  const status = friend.status === 'rewarded' ? s.friendRewarded : friend.status === 'over_cap' ? s.friendOverCap : payOn === 'registration' ? s.friendUnpaid : s.friendPending
  return (
    <View id={id} className='invite__friend' data-rewarded={friend.rewarded}>
      <View className='invite__friend-who'>
        <Text id={`${id}-name`} className='invite__friend-name'>
          {friend.nickname}
        </Text>
        <Text className='invite__muted'>{s.joinedAt(shanghaiDateTime(friend.joinedAt))}</Text>
      </View>
      <Text id={`${id}-status`} className={`invite__friend-status${friend.rewarded ? ' invite__friend-status--rewarded' : ''}`}>
        {status}
      </Text>
    </View>
  )
}
