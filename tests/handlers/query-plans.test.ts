/**
 * Query audit (docs/scale.md, "Queries and their indexes").
 *
 * Replays every handler suite of this folder (each function's actions and every scheduled job, through the
 * harness and the real SDK) with the local store's plan observer on (scripts/local-cloudbase/plan-observer.ts),
 * and records each distinct query: collection, operation, filter shape, plan, and the cloud function file
 * that issued it. Then it checks, for every collection that grows with members or activity:
 *
 * - a query is served by `_id` or a declared index (cloudfunctions/indexes.json), or
 * - the local planner scans but the cloud's would not: a declared index leads with a field the filter pins
 *   or bounds (the local planner reads an index for equality on its fields or its leading fields, and for a
 *   string range only as the prefix its bounds share; MongoDB also reads one for any range), or
 * - it is one of ALLOWED_SCANS below, each with its reason;
 *
 * and that every allowed scan is still seen (no stale entries), and that docs/scale.md lists every query
 * on a growing collection that the audit saw. `QUERY_PLANS_TABLE=<file>` writes the table rows there.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openLocalStore, observePlans, type PlanEvent } from '../../scripts/local-cloudbase'
import { listening } from '../../scripts/local-cloudbase/plan-observer'

const ROOT = path.resolve(__dirname, '../..')
const INDEXES: Record<string, Array<{ name: string; keys: Record<string, number> }>> = JSON.parse(
  readFileSync(path.join(ROOT, 'cloudfunctions/indexes.json'), 'utf8'),
)

/** Collections whose size grows with members or with what they do. The rest are settings and catalogues. */
const GROWING = new Set([
  'members', 'accounts', 'ledger', 'orders', 'coupons', 'coupon_issues', 'coupon_holds', 'mall_orders', 'mall_requests',
  'mall_limits', 'vouchers', 'member_tiers', 'tier_notices', 'signins', 'signin_state', 'game_days', 'game_spins',
  'invites', 'invite_codes', 'referrals', 'invite_stats', 'set_holdings', 'set_days', 'set_draws', 'message_sends',
  'member_contacts', 'consent_events', 'webhook_events', 'webhook_deliveries', 'member_tags', 'member_code_uses',
  'sms_codes', 'sms_callers', 'points_expiry_warnings', 'journey_sends', 'journey_state', 'campaign_audience',
  'approvals', 'staff_actions', 'staff_daily', 'operator_changes', 'insight_chunks', 'console_logins', 'console_sessions',
])

/**
 * Scans on growing collections that are known and accepted, keyed `collection op filter` (filter as
 * `shapeOf` writes it). Each says why. docs/scale.md ("Scans allowed") gives the same reasons.
 */
const ALLOWED_SCANS: Record<string, string> = {
  // Jobs and reports that visit a whole collection, a page at a time in `_id` order (paging.ts forEachById):
  // the cloud serves each page from the `_id_` index and a page costs one page, whatever the collection's size.
  'members walk _id range': 'member-insight pass 2 (insight-sources.ts, a cursor per 2,000-member chunk) and the member export (member-export.ts, a cursor the console carries)',
  'accounts walk _id range': 'report liability reads every account (reports.ts)',
  'member_tiers walk _id range': 'member-insight pass 1 (insight-job.ts), report tiers (reports.ts) and the tier-plan preview (tier-plan-runs.ts, in console steps from a cursor) read every tier record',
  'coupons walk _id range': 'report coupons reads every coupon (reports.ts)',
  'ledger walk _id range': 'the member export (member-export.ts) and the first ledger-close, or the reports before any close (ledger-close.ts, closed-months.ts): the whole ledger once',
  'member_tags walk _id range': 'tag counts over hand-tagged members only (member-tags.ts tagCounts)',
  // The cost report before any month is closed (closed-months.ts forEachCostRecord): every credited order and
  // used coupon once; after ledger-close it reads open months by creditedMonth / refundMonths / usedMonth.
  'orders walk _id range, status =': 'cost report before the first ledger-close: every order, once',
  'coupons walk _id range, state =': 'cost report before the first ledger-close: every coupon, once',
  // Whole-collection count: no filter to index.
  'members count (none)': 'report tiers counts all members (reports.ts)',
  // Ordered listings without a filter, one page each: the cloud walks the index of the order backwards
  // (`_id_`, or `sortKey` on webhook_deliveries) and stops at the page. The plan observer sees no order.
  'operator_changes find (none)': 'change log, newest first, one page (admin/changes.ts)',
  'operator_changes find _id range': 'change log, next page (admin/changes.ts)',
  'webhook_deliveries find (none)': 'deliveries newest first, one page, in the order of the sortKey index (admin/webhooks.ts)',
}

type Cond = '=' | 'in' | 'range' | 'regex' | string
function condOf(c: unknown): Cond {
  if (c instanceof RegExp) return 'regex'
  if (c === null || typeof c !== 'object' || c instanceof Date || Array.isArray(c)) return '='
  const keys = Object.keys(c as object)
  if (keys.length === 0) return '='
  if (keys.includes('$regex')) return 'regex'
  if (keys.every((k) => ['$gt', '$gte', '$lt', '$lte'].includes(k))) return 'range'
  if (keys.length === 1 && keys[0] === '$in') return 'in'
  if (keys.length === 1 && keys[0] === '$eq') return '='
  return keys.join(' ')
}

/** The fields a filter constrains and how, `$and` clauses flattened (a range written as `gt().and(lte())`). */
function conditions(filter: Record<string, unknown>): Array<[string, Cond]> {
  const out: Array<[string, Cond]> = []
  for (const [f, c] of Object.entries(filter)) {
    if (f === '$and' && Array.isArray(c)) for (const sub of c) out.push(...conditions(sub as Record<string, unknown>))
    else out.push([f, condOf(c)])
  }
  return out
}

/** `field cond, ...` sorted and deduplicated; `(none)` for an empty filter. */
function shapeOf(filter: Record<string, unknown>): string {
  const parts = [...new Set(conditions(filter).map(([f, c]) => `${f} ${c}`))].sort()
  return parts.length ? parts.join(', ') : '(none)'
}

/** The declared index the cloud would use where the local planner scans: one leading with a pinned or bounded field. */
function cloudIndex(coll: string, filter: Record<string, unknown>): string | undefined {
  const usable = new Map(conditions(filter).filter(([, c]) => c === '=' || c === 'in' || c === 'range'))
  for (const spec of INDEXES[coll] ?? []) {
    const lead = Object.keys(spec.keys)[0]
    if (usable.has(lead)) return spec.name
  }
  return undefined
}

interface Seen {
  coll: string
  op: PlanEvent['op']
  shape: string
  served: string
  verdict: 'ok' | 'cloud' | 'allowed' | 'small' | 'VIOLATION'
  count: number
  sites: Set<string>
}

const seen = new Map<string, Seen>()

/** The cloud function file that asked: the first frame under cloudfunctions/ that is not a generic helper. */
function siteOf(stack: string): string {
  const frames = stack.split('\n').map((l) => /cloudfunctions\/([^:)]+):\d+/.exec(l)?.[1]).filter((f): f is string => !!f)
  const helpers = ['_lib/paging.ts', '_lib/transaction.ts', '_lib/router.ts', '_lib/members.ts', '_lib/staff-records.ts']
  return frames.find((f) => !helpers.includes(f)) ?? frames[0] ?? '(test)'
}

function record(e: PlanEvent): void {
  const shape = shapeOf(e.filter)
  const key = `${e.coll} ${e.op} ${shape} ${e.kind} ${e.index ?? ''}`
  let s = seen.get(key)
  if (!s) {
    let served: string
    let verdict: Seen['verdict']
    if (e.kind === 'id') [served, verdict] = ['_id', 'ok']
    else if (e.kind === 'index') [served, verdict] = [`index ${e.index}`, 'ok']
    else if (!GROWING.has(e.coll)) [served, verdict] = ['scan (settings/catalogue collection)', 'small']
    else if (ALLOWED_SCANS[`${e.coll} ${e.op} ${shape}`]) [served, verdict] = ['scan, allowed', 'allowed']
    else {
      const idx = cloudIndex(e.coll, e.filter)
      ;[served, verdict] = idx ? [`index ${idx} in the cloud (local planner scans)`, 'cloud'] : ['scan', 'VIOLATION']
    }
    s = { coll: e.coll, op: e.op, shape, served, verdict, count: 0, sites: new Set() }
    seen.set(key, s)
  }
  s.count++
  if (s.sites.size < 4) s.sites.add(siteOf(new Error().stack ?? ''))
}

const stop = observePlans(record)

// Every handler suite, each in its own describe so its top-level hooks stay its own.
const suites = readdirSync(__dirname).filter((f) => f.endsWith('.test.ts') && f !== path.basename(__filename)).sort()
describe('replayed handler suites', () => {
  for (const f of suites) describe(f, () => void require(`./${f}`))
})

describe('query audit', () => {
  beforeAll(() => stop())

  const rows = () =>
    [...seen.values()]
      .filter((s) => GROWING.has(s.coll))
      .sort((a, b) => (a.coll + a.op + a.shape < b.coll + b.op + b.shape ? -1 : 1))
  const rowText = (s: Seen) => `| ${s.coll} | ${s.op} | ${s.shape} | ${s.served} |`

  test('the replay reached the collections that grow with members and activity', () => {
    const colls = new Set([...seen.values()].map((s) => s.coll))
    for (const c of ['members', 'accounts', 'ledger', 'orders', 'coupons', 'mall_orders', 'member_tiers', 'signins', 'game_spins', 'referrals', 'message_sends', 'webhook_events', 'webhook_deliveries', 'stock'])
      expect([c, colls.has(c)]).toEqual([c, true])
  })

  test('no query on a growing collection is a full scan unless served by an index in the cloud or allowed with a reason', () => {
    const violations = rows()
      .filter((s) => s.verdict === 'VIOLATION')
      .map((s) => `${s.coll} ${s.op} ${s.shape}  (from ${[...s.sites].join(', ')})`)
    expect(violations).toEqual([])
  })

  test('indexes.json stays within CloudBase\'s 20 indexes per collection', () => {
    expect(Object.entries(INDEXES).filter(([, list]) => list.length > 20).map(([c]) => c)).toEqual([])
  })

  test('every allowed scan is still seen (the allow-list holds no stale entries)', () => {
    const used = new Set(rows().filter((s) => s.verdict === 'allowed').map((s) => `${s.coll} ${s.op} ${s.shape}`))
    expect(Object.keys(ALLOWED_SCANS).filter((k) => !used.has(k))).toEqual([])
  })

  test('docs/scale.md lists every query on a growing collection that the audit saw, and every allowed scan', () => {
    const all = rows()
    if (process.env.QUERY_PLANS_TABLE)
      writeFileSync(process.env.QUERY_PLANS_TABLE, all.map((s) => `${rowText(s)} ${[...s.sites].join(', ')} |`).join('\n') + '\n')
    const doc = readFileSync(path.join(ROOT, 'docs/scale.md'), 'utf8')
    expect(all.map(rowText).filter((r) => !doc.includes(r))).toEqual([])
    expect(Object.keys(ALLOWED_SCANS).filter((k) => !doc.includes(`\`${k}\``))).toEqual([])
  })
})

describe('plan observer (scripts/local-cloudbase/plan-observer.ts)', () => {
  test('reports id, index, scan and walk plans with the filter fields; nothing listens once stopped', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'huika-plans-'))
    const store = openLocalStore({ dir, indexes: { members: [{ name: 'openid_unique', keys: { openid: 1 }, unique: true }] } })
    try {
      const got: Array<Pick<PlanEvent, 'coll' | 'fields' | 'kind' | 'index' | 'op'>> = []
      const off = observePlans(({ coll, fields, kind, index, op }) => got.push({ coll, fields, kind, index, op }))
      expect(() => observePlans(() => undefined)).toThrow(/already/)
      store.request('insertDocument', { collectionName: 'members', data: ['{"_id":"m1","openid":"o1","nickname":"a"}'] })
      store.request('getDocument', { collectionName: 'members', query: '{"_id":"m1"}' })
      store.request('getDocument', { collectionName: 'members', query: '{"openid":"o1"}' })
      store.request('getDocument', { collectionName: 'members', query: '{"nickname":"a"}' })
      store.request('calculateDocument', { collectionName: 'members', query: '{"openid":"o1"}' })
      store.request('getDocument', { collectionName: 'members', query: '{"_id":{"$gt":""}}', order: '{"_id":1}', limit: 10 })
      off()
      expect(listening()).toBe(false)
      store.request('getDocument', { collectionName: 'members', query: '{"nickname":"a"}' })
      expect(got).toEqual([
        { coll: 'members', fields: ['_id'], kind: 'id', index: undefined, op: 'find' },
        { coll: 'members', fields: ['openid'], kind: 'index', index: 'openid_unique', op: 'find' },
        { coll: 'members', fields: ['nickname'], kind: 'scan', index: undefined, op: 'find' },
        { coll: 'members', fields: ['openid'], kind: 'index', index: 'openid_unique', op: 'count' },
        { coll: 'members', fields: ['_id'], kind: 'scan', index: undefined, op: 'walk' },
      ])
    } finally {
      store.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
