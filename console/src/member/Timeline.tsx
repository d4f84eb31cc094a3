import { Button, Empty, Tag, Timeline as AntTimeline, Typography } from 'antd'
import { call } from '../api'
import { ErrorAlert } from '../components/ErrorAlert'
import { usePaged } from '../components/usePaged'
import { at, num } from '../format'

const KIND: Record<string, string> = { points: '积分', coupon: '优惠券', order: '兑换', tier: '等级', signin: '签到', game: '游戏', invite: '邀请', profile: '资料', operator: '后台操作' }

/** Everything that happened to the member, newest first, a page at a time ("load more"). `version` bumps reload it. */
export function MemberTimeline({ memberId, version }: { memberId: string; version: number }) {
  const { rows: events, cursor, loading, error, more } = usePaged(async (from) => {
    const r = await call('timeline', { memberId, cursor: from })
    return { rows: r.events, nextCursor: r.nextCursor }
  }, [memberId, version])
  return (
    <>
      <ErrorAlert error={error} />
      {!loading && events.length === 0 && !error && <Empty description="还没有记录" />}
      <div id="member-timeline">
      <AntTimeline
        items={events.map((e, i) => ({
          key: i,
          color: e.points === null ? 'gray' : e.points >= 0 ? 'green' : 'red',
          children: (
            <div className="timeline-event" data-kind={e.kind}>
              <Typography.Text type="secondary">{at(e.at)}</Typography.Text> <Tag>{KIND[e.kind] ?? e.kind}</Tag>
              <span className="timeline-title">{e.title}</span>
              {e.points !== null && <span className="timeline-points"> {e.points > 0 ? `+${num(e.points)}` : num(e.points)} 积分</span>}
              {e.detail && <div className="timeline-detail">{e.detail}</div>}
              {(e.storeId || e.by) && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {[e.storeId && `门店 ${e.storeId}`, e.by && `操作人 ${e.by}`].filter(Boolean).join(' · ')}
                </Typography.Text>
              )}
            </div>
          ),
        }))}
      />
      </div>
      {cursor && (
        <Button id="timeline-more" loading={loading} onClick={() => void more()}>
          加载更多
        </Button>
      )}
    </>
  )
}
