import { Text, View } from '@tarojs/components'
import { useDidShow, useRouter } from '@tarojs/taro'
import type { WheelView } from '@shared/game/schemas'
import PageState from '../../components/PageState'
import { useI18n, usePageTitle, type Messages } from '../../i18n'
import type { CallError } from '../../services/api'
import { useChannel } from '../../services/channel'
import { useJoinHere } from '../../services/useJoinHere'
import { Button } from '../../ui'
import { nextCost, spinBlock } from './next-spin'
import OddsTable from './OddsTable'
import SpinOutcome from './SpinOutcome'
import WheelDisc from './WheelDisc'
import { useWheel } from './useWheel'
import './index.scss'

/** The wheel the card links to; a menu link or a poster may name another with `?id=`. */
const DEFAULT_WHEEL = 'daily-wheel'

/** Why a spin cannot go ahead, in words that say what to do; other errors keep the server's message. */
function blockText(code: string, fallback: string, view: WheelView, g: Messages['game']): string {
  if (code === 'SPIN_LIMIT_REACHED') return g.limitReached
  if (code === 'GAME_CLOSED') return g.closed
  // Only a paid spin can fall short, so what it needs is the wheel's cost.
  if (code === 'INSUFFICIENT_POINTS') return g.insufficient(view.costPoints, view.available)
  return fallback
}

/** The lucky wheel: the wheel, the spin button, what the next spin costs and how many are left, the result, the disclosed odds. */
export default function WheelPage() {
  useChannel()
  const { t } = useI18n()
  const g = t.game
  const { params } = useRouter()
  const join = useJoinHere()
  const wheelId = params.id ? decodeURIComponent(params.id) : DEFAULT_WHEEL
  const { wheel, spin, rotation, reload, retry, submit } = useWheel(wheelId)
  usePageTitle(wheel.kind === 'ready' ? wheel.view.title : g.title)

  // On every show, so the balance and spins left are current after a visit to the wallet or another spin elsewhere.
  useDidShow(reload)

  if (wheel.kind === 'loading') return <PageState state='loading' />
  if (wheel.kind === 'error') return <PageState state='error' error={wheel.error} onRetry={() => void retry()} />
  if (wheel.kind === 'unregistered') {
    // Register, then come back to this very wheel.
    return <PageState state='empty' title={t.card.emptyTitle} action={{ label: t.register.title, onClick: join }} />
  }

  const { view } = wheel
  const busy = spin.kind === 'sending' || spin.kind === 'turning'
  const block = spinBlock(view)
  // A refusal from the server says what really happened; otherwise what the page can tell before asking.
  const problem: CallError | null = spin.kind === 'error' ? spin.error : block ? { code: block, message: '' } : null
  const cost = nextCost(view)
  return (
    <View id='wheel' className='page wheel' data-wheel-id={view.id} data-spin={spin.kind}>
      <View className='wheel__head'>
        <Text id='wheel-title' className='wheel__title'>
          {view.title}
        </Text>
        <View className='wheel__balance'>
          <Text className='wheel__label'>{g.available}</Text>
          <Text id='wheel-available' className='wheel__points'>
            {view.available}
          </Text>
        </View>
      </View>

      <WheelDisc prizes={view.prizes} rotation={rotation} stoppedAt={spin.kind === 'turning' || spin.kind === 'done' ? spin.result.prize.id : undefined} />

      <View className='wheel__stats'>
        <View className='wheel__stat'>
          <Text className='wheel__stat-label'>{g.nextLabel}</Text>
          <Text id='wheel-next' className='wheel__stat-value'>
            {cost === 0 ? g.free : g.cost(cost)}
          </Text>
        </View>
        <View className='wheel__stat'>
          <Text className='wheel__stat-label'>{g.spinsLeftLabel}</Text>
          <Text id='wheel-spins-left' className='wheel__stat-value'>
            {g.spinsLeft(view.spinsLeft)}
          </Text>
        </View>
      </View>

      <Button id='wheel-spin' type='primary' size='xlarge' block disabled={busy || block !== null} onClick={() => void submit()}>
        {busy ? g.turning : block ? g.blockedButton[block] : g.spin}
      </Button>
      {problem && (
        <Text id='wheel-message' className='wheel__message' data-code={problem.code}>
          {blockText(problem.code, problem.message, view, g)}
        </Text>
      )}
      {spin.kind === 'done' && <SpinOutcome result={spin.result} prizes={view.prizes} t={t} />}

      <View className='section-title'>{g.oddsTitle}</View>
      <OddsTable prizes={view.prizes} t={t} />
    </View>
  )
}
