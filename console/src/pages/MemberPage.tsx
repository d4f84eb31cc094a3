import { Button, Card, Col, Descriptions, Row, Space, Spin, Statistic, Table, Tag } from 'antd'
import { useState } from 'react'
import type { MemberDetail } from '../../../shared/admin/schemas'
import { call } from '../api'
import { ErrorAlert } from '../components/ErrorAlert'
import { useLoad } from '../components/useLoad'
import { at, num } from '../format'
import { AdjustPoints } from '../member/AdjustPoints'
import { GrantTier } from '../member/GrantTier'
import { IssueCoupon } from '../member/IssueCoupon'
import { InsightCard } from '../member/InsightCard'
import { MemberTimeline } from '../member/Timeline'
import { href } from '../route'

type Detail = MemberDetail

function Profile({ d }: { d: Detail }) {
  const m = d.member
  return (
    <Descriptions size="small" column={3} bordered id="member-profile">
      <Descriptions.Item label="会员号">{m.memberNo}</Descriptions.Item>
      <Descriptions.Item label="手机号">
        <span id="member-phone">{m.phone}</span>
      </Descriptions.Item>
      <Descriptions.Item label="昵称">{m.nickname ?? '—'}</Descriptions.Item>
      <Descriptions.Item label="生日">{m.birthday ?? '—'}</Descriptions.Item>
      <Descriptions.Item label="性别">{{ male: '男', female: '女' }[m.gender] ?? '未填'}</Descriptions.Item>
      <Descriptions.Item label="地区">{m.region.join(' ') || '—'}</Descriptions.Item>
      <Descriptions.Item label="注册时间">{at(m.registeredAt)}</Descriptions.Item>
      <Descriptions.Item label="状态">{m.claimed ? '已开卡' : <Tag color="orange">导入，尚未在小程序开卡</Tag>}</Descriptions.Item>
      <Descriptions.Item label="等级">
        <Tag color="gold" id="member-tier">
          {d.tier.name.zh}
        </Tag>
        {d.tier.reviewOn && `下次评定 ${d.tier.reviewOn}`}
        {d.tier.manual && ` · 人工设定（${d.tier.manual.kind === 'floor' ? '保底' : '保级到评定'}：${d.tier.manual.reason}）`}
      </Descriptions.Item>
    </Descriptions>
  )
}

function Account({ d }: { d: Detail }) {
  const a = d.account
  return (
    <Card size="small" title="积分账户">
      <Row gutter={16} style={{ marginBottom: 16 }}>
        <Col span={6}>
          <Statistic title="余额" value={num(a.balance)} valueRender={(v) => <span id="member-balance" data-value={a.balance}>{v}</span>} />
        </Col>
        <Col span={6}>
          <Statistic title="可用" value={num(a.spendable)} />
        </Col>
        <Col span={6}>
          <Statistic title="冻结中" value={num(a.pending)} />
        </Col>
        <Col span={6}>
          <Statistic title="欠扣" value={num(a.shortfall)} />
        </Col>
      </Row>
      <Table
        size="small"
        rowKey="id"
        dataSource={a.lots}
        pagination={false}
        locale={{ emptyText: '没有积分批次' }}
        columns={[
          { title: '批次', dataIndex: 'id' },
          { title: '获得', dataIndex: 'points', render: num },
          { title: '剩余', dataIndex: 'remaining', render: num },
          { title: '可用日', dataIndex: 'availableOn', render: (v: string | null) => v ?? '立即' },
          { title: '到期日', dataIndex: 'expiresOn' },
        ]}
      />
    </Card>
  )
}

/** One member: profile, tier, points and lots, coupons, orders and the timeline, with the three operator actions. */
export function MemberPage({ memberId }: { memberId: string }) {
  const [version, setVersion] = useState(0)
  const detail = useLoad(() => call('member', { memberId }), [memberId, version])
  const [open, setOpen] = useState<'adjust' | 'grant' | 'issue' | null>(null)
  const done = () => setVersion((v) => v + 1)
  const close = () => setOpen(null)
  const d = detail.data
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space>
        <a href={href('/members')}>← 返回会员搜索</a>
      </Space>
      <ErrorAlert error={detail.error} />
      {!d && detail.loading && <Spin />}
      {d && (
        <>
          <Card
            title={`${d.member.nickname ?? '会员'}（${d.member.memberNo}）`}
            extra={
              <Space>
                <Button id="open-adjust" type="primary" onClick={() => setOpen('adjust')}>
                  调整积分
                </Button>
                <Button id="open-grant" onClick={() => setOpen('grant')}>
                  调整等级
                </Button>
                <Button id="open-issue" onClick={() => setOpen('issue')}>
                  发放优惠券
                </Button>
              </Space>
            }
          >
            <Profile d={d} />
          </Card>
          <Account d={d} />
          <InsightCard memberId={memberId} />
          <Row gutter={16}>
            <Col span={12}>
              <Card size="small" title="优惠券">
                <Table
                  size="small"
                  rowKey="code"
                  dataSource={d.coupons}
                  pagination={{ pageSize: 5, hideOnSinglePage: true }}
                  locale={{ emptyText: '没有优惠券' }}
                  columns={[
                    { title: '券码', dataIndex: 'code' },
                    { title: '名称', dataIndex: 'title' },
                    { title: '状态', dataIndex: 'status' },
                    { title: '有效期至', dataIndex: 'validUntil', render: (v: string | null) => v ?? '—' },
                  ]}
                />
              </Card>
            </Col>
            <Col span={12}>
              <Card size="small" title="兑换订单">
                <Table
                  size="small"
                  rowKey="code"
                  dataSource={d.orders}
                  pagination={{ pageSize: 5, hideOnSinglePage: true }}
                  locale={{ emptyText: '没有兑换订单' }}
                  columns={[
                    { title: '订单', dataIndex: 'code' },
                    { title: '商品', dataIndex: 'title' },
                    { title: '积分', dataIndex: 'points', render: num },
                    { title: '状态', dataIndex: 'status' },
                    { title: '时间', dataIndex: 'createdAt', render: at },
                  ]}
                />
              </Card>
            </Col>
          </Row>
          <Card size="small" title="会员动态">
            <MemberTimeline memberId={memberId} version={version} />
          </Card>
          <AdjustPoints memberId={memberId} open={open === 'adjust'} onClose={close} onDone={done} />
          <GrantTier detail={d} open={open === 'grant'} onClose={close} onDone={done} />
          <IssueCoupon memberId={memberId} open={open === 'issue'} onClose={close} onDone={done} />
        </>
      )}
    </Space>
  )
}
