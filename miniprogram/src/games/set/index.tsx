import { Text, View } from '@tarojs/components'
import { useDidShow, useRouter, useShareAppMessage } from '@tarojs/taro'
import type { SetView } from '@shared/game/schemas'
import PageState from '../../components/PageState'
import { useI18n, usePageTitle, type Messages } from '../../i18n'
import type { CallError } from '../../services/api'
import { useChannel } from '../../services/channel'
import { useJoinHere } from '../../services/useJoinHere'
import { Button } from '../../ui'
import CardGrid from './CardGrid'
import ClaimOutcome from './ClaimOutcome'
import { drawBlock } from './draw-block'
import DrawOutcome from './DrawOutcome'
import RewardTiers from './RewardTiers'
import { useCollectSet } from './useCollectSet'
import './index.scss'

/** The campaign the card links to; a menu link, a poster or a friend's share may name another with `?id=`. */
const DEFAULT_CAMPAIGN = 'eight-wishes'

/** What a friend opens from the share card: this campaign, marked as coming from a share. */
const sharePath = (campaignId: string) => `/games/set/index?id=${encodeURIComponent(campaignId)}&from=share`

/** Why a draw or a claim did not go ahead, in words that say what to do; other errors keep the server's message. */
function problemText(code: string, fallback: string, view: SetView, c: Messages['collect']): string {
  if (code === 'SPIN_LIMIT_REACHED') return view.open && view.shareDrawsLeft > 0 ? c.limitReachedShare : c.limitReached
  if (code === 'GAME_CLOSED') return c.closed
  return fallback
}

/**
 * The collect-the-set campaign: the cards (held ones lit with their count, each with its odds), draws
 * left today, 抽一张, an extra draw for sharing, the reward tiers with progress and 领取, the dates.
 */
export default function CollectSetPage() {
  useChannel()
  const { t } = useI18n()
  const c = t.collect
  const { params } = useRouter()
  const join = useJoinHere()
  const campaignId = params.id ? decodeURIComponent(params.id) : DEFAULT_CAMPAIGN
  const { set, action, reload, retry, draw, share, claim } = useCollectSet(campaignId)
  const title = set.kind === 'ready' ? set.view.title : c.title
  usePageTitle(title)

  // WeChat asks for the card when the member taps 分享 (or 转发 in the menu); the friend lands on this campaign.
  useShareAppMessage(() => ({ title: c.shareTitle(title), path: sharePath(campaignId) }))

  // On every show, so draws left and cards are current after a visit to the wallet or a draw on another phone.
  useDidShow(reload)

  if (set.kind === 'loading') return <PageState state='loading' />
  if (set.kind === 'error') return <PageState state='error' error={set.error} onRetry={() => void retry()} />
  if (set.kind === 'unregistered') {
    // Only members play: register, then come back to this very campaign.
    return <PageState state='empty' title={c.membersOnly} description={c.membersOnlyNote} action={{ label: t.register.title, onClick: join }} />
  }

  const { view } = set
  const busy = action.kind === 'sending'
  const block = drawBlock(view)
  // A refusal from the server says what really happened; otherwise what the page can tell before asking.
  const problem: CallError | null = action.kind === 'error' && action.what !== 'claim' ? action.error : block ? { code: block, message: '' } : null
  const canShare = view.shareDrawsLeft > 0
  const onShare = () => {
    if (canShare) void share(view)
  }
  return (
    <View id='set' className='page set' data-campaign-id={view.id} data-action={action.kind}>
      <View className='set__head'>
        <Text id='set-title' className='set__title'>
          {view.title}
        </Text>
        <Text id='set-dates' className='set__dates'>
          {c.dates(view.startsOn, view.endsOn)}
        </Text>
      </View>

      <View className='set__stats'>
        <View className='set__stat'>
          <Text className='set__stat-label'>{c.distinctLabel}</Text>
          <Text id='set-distinct' className='set__stat-value'>
            {c.distinct(view.distinct, view.cards.length)}
          </Text>
        </View>
        <View className='set__stat'>
          <Text className='set__stat-label'>{c.drawsLeftLabel}</Text>
          <Text id='set-draws-left' className='set__stat-value'>
            {c.drawsLeft(view.drawsLeft)}
          </Text>
        </View>
      </View>

      <CardGrid cards={view.cards} justDrawn={action.kind === 'drew' ? action.result.card.id : undefined} t={t} />
      <Text id='set-fairness' className='set__note'>
        {c.fairness}
      </Text>

      {action.kind === 'drew' && <DrawOutcome result={action.result} t={t} />}

      <Button id='set-draw' type='primary' size='xlarge' block disabled={busy || block !== null} onClick={() => void draw()}>
        {action.kind === 'sending' && action.what === 'draw' ? c.drawing : block ? c.blockedButton[block] : c.draw}
      </Button>
      {problem && (
        <Text id='set-message' className='set__message' data-code={problem.code}>
          {problemText(problem.code, problem.message, view, c)}
        </Text>
      )}
      {/* openType='share' opens WeChat's share sheet (useShareAppMessage fills the card); onClick asks for the extra draw. */}
      {view.open && (
        <Button id='set-share' openType='share' block fill='outline' type='primary' disabled={busy} data-share-path={sharePath(campaignId)} data-left={view.shareDrawsLeft} onClick={onShare}>
          {canShare ? c.share : c.shareNone}
        </Button>
      )}
      {action.kind === 'shared' && (
        <Text id='set-share-result' className='set__message set__message--good' data-gained={action.gained}>
          {action.gained > 0 ? c.shared(action.gained) : c.shareNone}
        </Text>
      )}

      <View className='section-title'>{c.tiersTitle}</View>
      <RewardTiers view={view} busy={busy} onClaim={(tier) => void claim(tier)} t={t} />
      {action.kind === 'error' && action.what === 'claim' && (
        <Text id='set-claim-message' className='set__message' data-code={action.error.code}>
          {problemText(action.error.code, action.error.message, view, c)}
        </Text>
      )}
      {action.kind === 'claimed' && <ClaimOutcome result={action.result} label={action.label} t={t} />}
    </View>
  )
}
