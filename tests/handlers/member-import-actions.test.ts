import Fastify from 'fastify'
import { definition as admin } from '../../cloudfunctions/admin'
import { EXPORT_PAGE_ROWS } from '../../cloudfunctions/_lib/member-export'
import { MEMBERS } from '../../cloudfunctions/_lib/members'
import { LEDGER } from '../../cloudfunctions/_lib/ledger'
import { saveStaff } from '../../cloudfunctions/_lib/staff-records'
import { UPLOADS } from '../../cloudfunctions/_lib/uploads'
import { fileRoutes } from '../../scripts/server/files'
import type { LocalRuntime } from '../../scripts/server/runtime'
import { ExportResult, ImportJobView, UploadResult } from '../../shared/admin/schemas'
import { newMemberRecord } from '../../shared/member/member-record'
import { openHarness, type Harness } from './harness'

let h: Harness
beforeEach(async () => {
  h = openHarness(admin)
  const now = h.clock.now()
  for (const [openid, role] of [['op-admin', 'admin'], ['op-mgr', 'manager'], ['op-mgr2', 'manager'], ['clerk', 'clerk']] as const)
    await saveStaff(h.deps.db, { _id: openid, openid, role, storeId: 's1', name: openid, phone: null, active: true, createdAt: now, updatedAt: now })
})
afterEach(() => h.close())

const KB = 1024
const chunkOf = (bytes: Buffer) => bytes.toString('base64')

/** Sends `bytes` in chunks of `size` as `openid`; the answers in order. */
async function upload(openid: string, name: string, bytes: Buffer, size = 512 * KB) {
  const answers = []
  let uploadId: string | undefined
  for (let i = 0, index = 0; i < bytes.length || index === 0; i += size, index++) {
    const part = bytes.subarray(i, i + size)
    const res = await h.call(openid, { action: 'upload', name, uploadId, index, data: chunkOf(part), last: i + size >= bytes.length })
    answers.push(res)
    if (!res.ok) break
    uploadId = res.data.uploadId
  }
  return answers
}

describe('admin.upload', () => {
  test('chunks are assembled in order into one stored file, and the chunks are dropped', async () => {
    const bytes = Buffer.from(Array.from({ length: 1_300 * KB }, (_, i) => i % 251))
    const answers = await upload('op-mgr', '商品图.png', bytes)
    expect(answers).toHaveLength(3)
    expect(answers.slice(0, 2).map((a) => a.ok && a.data)).toEqual([
      { uploadId: expect.any(String), received: 1, fileId: null, url: null },
      { uploadId: expect.any(String), received: 2, fileId: null, url: null },
    ])
    const done = UploadResult.parse(answers[2].ok && answers[2].data)
    expect(done).toMatchObject({ received: 3, fileId: expect.stringMatching(/\.png$/), url: `/files/${done.fileId}` })
    expect((await h.deps.files.get(done.fileId!))!.equals(bytes)).toBe(true)
    expect(h.store.rawFind(UPLOADS)).toEqual([expect.objectContaining({ _id: done.uploadId, name: '商品图.png', by: 'op-mgr', bytes: bytes.length, complete: true })])
    // The last chunk sent again (its answer was lost) answers the same file.
    const again = await h.call('op-mgr', { action: 'upload', name: '商品图.png', uploadId: done.uploadId, index: 2, data: chunkOf(bytes.subarray(1024 * KB)), last: true })
    expect(again).toEqual({ ok: true, data: done })
  })

  test('a chunk out of order, too big, not base64, or added by another operator is refused', async () => {
    const first = await h.call('op-mgr', { action: 'upload', name: 'a.csv', index: 0, data: chunkOf(Buffer.from('手机号\n')), last: false })
    const uploadId = first.ok ? first.data.uploadId : ''
    const send = (openid: string, index: number, data: string) => h.call(openid, { action: 'upload', name: 'a.csv', uploadId, index, data, last: true })
    expect(await send('op-mgr', 2, chunkOf(Buffer.from('x')))).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'index' } })
    expect(await send('op-mgr', 1, chunkOf(Buffer.alloc(512 * KB + 1)))).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'data' } })
    expect(await send('op-mgr', 1, 'not base64!')).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'data' } })
    expect(await send('op-mgr2', 1, chunkOf(Buffer.from('x')))).toMatchObject({ ok: false, error: { code: 'UPLOAD_NOT_FOUND' } })
    expect(await h.call('op-mgr', { action: 'upload', name: 'b.csv', index: 1, data: '', last: true })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect(await h.call('clerk', { action: 'upload', name: 'b.csv', index: 0, data: '', last: true })).toMatchObject({ ok: false, error: { code: 'NOT_OPERATOR' } })
    // Nothing was stored by the refused chunks: the upload still expects chunk 1.
    expect(await send('op-mgr', 1, chunkOf(Buffer.from('13800000001\n')))).toMatchObject({ ok: true, data: { received: 2, fileId: expect.any(String) } })
  })

  test('a file over 20 MB is refused and dropped', async () => {
    const chunk = Buffer.alloc(512 * KB, 7)
    let uploadId: string | undefined
    let res
    for (let index = 0; index <= 40; index++) {
      res = await h.call('op-admin', { action: 'upload', name: 'big.csv', uploadId, index, data: chunkOf(chunk), last: false })
      if (!res.ok) break
      uploadId = res.data.uploadId
    }
    expect(res).toMatchObject({ ok: false, error: { code: 'UPLOAD_TOO_LARGE' } })
    expect(h.store.rawCount(UPLOADS)).toBe(0)
  }, 60_000)
})

describe('import actions', () => {
  const CSV = '手机号,姓名,等级,积分\n13600000001,甲,silver,100\n13600000002,乙,,\nabc,丙,,\n'

  test('an admin imports an uploaded file through importStart and importStep; the jobs and errors can be read back', async () => {
    const [up] = await upload('op-admin', '老会员.csv', Buffer.from(CSV))
    const fileId = up.ok ? up.data.fileId : ''
    expect(await h.call('op-mgr', { action: 'importStart', fileId, dryRun: false })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })

    const start = await h.call('op-admin', { action: 'importStart', fileId, dryRun: false })
    const job = ImportJobView.parse(start.ok && start.data)
    expect(job).toMatchObject({ fileName: '老会员.csv', status: 'running', total: 3, processed: 0 })
    const step = await h.call('op-admin', { action: 'importStep', jobId: job.jobId })
    expect(step).toMatchObject({ ok: true, data: { status: 'done', imported: 2, failed: 1, errors: [{ row: 4, field: 'phone' }] } })
    expect(h.store.rawCount(MEMBERS)).toBe(2)

    expect(await h.call('op-admin', { action: 'imports' })).toMatchObject({ ok: true, data: { jobs: [{ jobId: job.jobId, status: 'done' }] } })
    const errors = await h.call('op-admin', { action: 'importErrors', jobId: job.jobId })
    expect(errors).toMatchObject({ ok: true, data: { filename: `import-errors-${job.jobId}.csv` } })
    expect(errors.ok && errors.data.csv.split('\r\n')[1]).toMatch(/^4,手机号,手机号“abc”/)
    expect(await h.call('op-admin', { action: 'importStep', jobId: 'nope' })).toMatchObject({ ok: false, error: { code: 'IMPORT_NOT_FOUND' } })
  })
})

describe('admin.exportPage', () => {
  async function seedMembers(n: number) {
    const docs = Array.from({ length: n }, (_, i) => ({
      ...newMemberRecord({ id: `m${String(i).padStart(6, '0')}`, openid: `o${i}`, unionid: null, phone: `135${String(i).padStart(8, '0')}`, phoneSimulated: false, memberNo: String(1_000_000_000 + i), profile: { nickname: i === 0 ? '=1+1' : `会员${i}` }, now: h.clock.now() }),
    }))
    for (let i = 0; i < docs.length; i += 500) await h.deps.db.collection(MEMBERS).add(docs.slice(i, i + 500))
  }

  test('pages of 5,000 members: the first with BOM and header, the cursor the last id, null at the end', async () => {
    await seedMembers(EXPORT_PAGE_ROWS + 2)
    const firstRes = await h.call('op-admin', { action: 'exportPage', kind: 'members' })
    const first = ExportResult.parse(firstRes.ok && firstRes.data)
    expect(first.rows).toBe(5_000)
    expect(first.nextCursor).toBe('m004999')
    const lines = first.csv.split('\r\n')
    expect(lines[0].startsWith('\uFEFF会员ID,会员号,手机号')).toBe(true)
    expect(lines[1]).toBe(`m000000,1000000000,13500000000,'=1+1,,unknown,,,0,,,2027-01-31 10:00:00`)
    expect(lines).toHaveLength(5_002) // header, 5,000 rows, the empty string after the last CRLF

    const secondRes = await h.call('op-admin', { action: 'exportPage', kind: 'members', cursor: first.nextCursor })
    const second = ExportResult.parse(secondRes.ok && secondRes.data)
    expect(second).toMatchObject({ rows: 2, nextCursor: null })
    expect(second.csv.split('\r\n').filter(Boolean).map((l) => l.split(',')[0])).toEqual(['m005000', 'm005001'])
  })

  test('the ledger exports too; exports are for admins only', async () => {
    await h.deps.db.collection(LEDGER).add({ _id: 'e1', memberId: 'm1', seq: 1, kind: 'earn', points: 10, reason: '测试', source: { kind: 'staff', id: 'clerk', storeId: 's1' }, orderKey: 's1:o1', lot: { expiresOn: '2028-01-31', availableOn: null }, consumed: null, voids: null, shortfall: null, createdAt: h.clock.now() })
    const page = await h.call('op-admin', { action: 'exportPage', kind: 'ledger' })
    expect(page.ok && page.data.csv.split('\r\n')[1]).toBe('e1,m1,1,earn,10,测试,staff,clerk,s1,s1:o1,2028-01-31,,2027-01-31 10:00:00')
    expect(await h.call('op-mgr', { action: 'exportPage', kind: 'members' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })
})

describe('GET /files/:id', () => {
  test('serves stored files with their content type, and 404 with the envelope otherwise', async () => {
    const app = Fastify()
    fileRoutes(app, { deps: h.deps } as LocalRuntime)
    const png = await h.deps.files.put('logo.PNG', Buffer.from([0x89, 0x50, 0x4e, 0x47]))
    const csv = await h.deps.files.put('会员.csv', Buffer.from('a,b\n'))
    const svg = await h.deps.files.put('icon.svg', Buffer.from('<svg/>'))
    const base = await app.listen({ port: 0, host: '127.0.0.1' })
    const get = (id: string) => fetch(`${base}/files/${encodeURIComponent(id)}`)
    const first = await get(png)
    expect(first.headers.get('content-type')).toBe('image/png')
    expect(Buffer.from(await first.arrayBuffer()).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47]))).toBe(true)
    expect((await get(csv)).headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect((await get(svg)).headers.get('content-type')).toBe('image/svg+xml')
    for (const id of ['nope', '../cloudbase.sqlite', `${png}x`]) {
      const res = await get(id)
      expect(res.status).toBe(404)
      expect(await res.json()).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    }
    await app.close()
  })
})
