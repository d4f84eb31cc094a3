import ExcelJS from 'exceljs'
import os from 'node:os'
import path from 'node:path'
import { readFileSync, rmSync } from 'node:fs'
import { definition as admin } from '../../cloudfunctions/admin'
import { definition as memberFn } from '../../cloudfunctions/member'
import type { Database, Deps } from '../../cloudfunctions/_lib/deps'
import { ACCOUNTS, LEDGER } from '../../cloudfunctions/_lib/ledger'
import { IMPORT_ROWS, IMPORTS, importErrorsCsv, loadJob, startImport, stepImport, type ImportJob } from '../../cloudfunctions/_lib/member-import'
import { MEMBERS } from '../../cloudfunctions/_lib/members'
import { OPERATOR_CHANGES } from '../../cloudfunctions/_lib/operators'
import { saveStaff } from '../../cloudfunctions/_lib/staff-records'
import { MEMBER_TIERS } from '../../cloudfunctions/_lib/tiers'
import type { MemberRecord } from '../../shared/member/member-record'
import type { StaffRecord } from '../../shared/staff/staff-record'
import { writeImportCsv } from '../../bench/import-fixture'
import { lastCode, openHarness, type Harness } from './harness'

let h: Harness
let operator: StaffRecord
beforeEach(async () => {
  h = openHarness(admin)
  const now = h.clock.now()
  operator = { _id: 'op-admin', openid: 'op-admin', role: 'admin', storeId: 's1', name: '管理员', phone: null, active: true, createdAt: now, updatedAt: now }
  await saveStaff(h.deps.db, operator)
})
afterEach(() => h.close())

const CSV = [
  '\uFEFF手机号,姓名,生日,等级,期初积分',
  '13800000001,王芳,1990-05-20,银杏会员,1200',
  '13800000002,李雷,1985/3/7,gold,0',
  '13800000003,,,,',
  '',
  '13800000004,Amy,1992-12-01,青柚会员,50',
].join('\r\n')

async function put(text: string | Buffer, name = 'members.csv') {
  return h.deps.files.put(name, typeof text === 'string' ? Buffer.from(text, 'utf8') : text)
}

async function importFile(fileId: string, opts: { dryRun?: boolean; deps?: Deps } = {}): Promise<ImportJob> {
  const started = await startImport(opts.deps ?? h.deps, { fileId, fileName: 'members.csv', dryRun: opts.dryRun ?? false, by: operator })
  if (!started.ok) throw new Error(started.error.message)
  let job = started.data
  while (job.status === 'running') job = (await stepImport(opts.deps ?? h.deps, job._id))!
  return job
}

const members = () => h.store.rawFind(MEMBERS) as unknown as MemberRecord[]
const byPhone = (phone: string) => members().find((m) => m.phone === phone)!

describe('importing members from CSV', () => {
  test('creates each member with their tier as a manual grant and their opening balance as one lot', async () => {
    const job = await importFile(await put(CSV))
    expect(job).toMatchObject({ status: 'done', total: 4, processed: 4, imported: 4, skipped: 0, failed: 0, errors: [] })
    expect(job.message).toContain('导入 4 人')

    const wang = byPhone('13800000001')
    expect(wang).toMatchObject({ openid: `import:${wang._id}`, unionid: null, nickname: '王芳', birthday: '1990-05-20', imported: true, importJob: { id: job._id, batch: 0 } })
    expect(wang.memberNo).toMatch(/^[1-9]\d{9}$/)
    expect(byPhone('13800000002')).toMatchObject({ nickname: '李雷', birthday: '1985-03-07' })
    expect(byPhone('13800000003')).toMatchObject({ nickname: null, birthday: null })

    const tier = h.store.rawGet(MEMBER_TIERS, wang._id)!
    expect(tier).toMatchObject({ openid: wang.openid, levelId: 'silver', manual: { levelId: 'silver', kind: 'untilReview', by: 'import' } })
    expect(h.store.rawGet(MEMBER_TIERS, byPhone('13800000002')._id)).toMatchObject({ levelId: 'gold' })
    // The base level and no level need no tier record.
    expect(h.store.rawGet(MEMBER_TIERS, byPhone('13800000004')._id)).toBeUndefined()
    expect(h.store.rawGet(MEMBER_TIERS, byPhone('13800000003')._id)).toBeUndefined()

    const entry = h.store.rawGet(LEDGER, `import:${wang._id}`)!
    expect(entry).toMatchObject({ memberId: wang._id, seq: 1, kind: 'earn', points: 1200, reason: '期初积分导入', source: { kind: 'admin', id: 'op-admin', storeId: null } })
    expect(entry.lot).toEqual({ expiresOn: '2028-01-31', availableOn: null })
    expect(h.store.rawGet(ACCOUNTS, wang._id)).toMatchObject({ balance: 1200, seq: 1, lots: [{ id: `import:${wang._id}`, remaining: 1200 }] })
    // Zero and blank balances write no entry.
    expect(h.store.rawCount(LEDGER)).toBe(2)
    expect(h.store.rawCount(ACCOUNTS)).toBe(2)

    const [change] = h.store.rawFind(OPERATOR_CHANGES)
    expect(change).toMatchObject({ kind: 'members', action: 'import', targetId: job._id, by: { openid: 'op-admin' }, after: { imported: 4, total: 4 } })
  })

  test('reads XLSX: number phones, date cells, a header in English', async () => {
    const wb = new ExcelJS.Workbook()
    const sheet = wb.addWorksheet('会员')
    sheet.addRow(['Phone', 'Name', 'Birthday', 'Tier', 'Points'])
    sheet.addRow([13900000001, '张伟', new Date(Date.UTC(1979, 6, 15)), '金桂会员', 300])
    sheet.addRow(['13900000002', { richText: [{ text: '赵' }, { text: '敏' }] }, 32874, 'silver', '2,000'])
    const bytes = Buffer.from(await wb.xlsx.writeBuffer())
    const job = await importFile(await put(bytes, 'members.xlsx'))
    expect(job).toMatchObject({ status: 'done', format: 'xlsx', imported: 2, failed: 0 })
    expect(byPhone('13900000001')).toMatchObject({ nickname: '张伟', birthday: '1979-07-15' })
    expect(byPhone('13900000002')).toMatchObject({ nickname: '赵敏', birthday: '1990-01-01' })
    expect(h.store.rawGet(ACCOUNTS, byPhone('13900000002')._id)).toMatchObject({ balance: 2000 })
  })

  test('reads a CSV saved by Excel on a Chinese Windows (GB18030, no BOM)', async () => {
    // 手机号,姓名 / 13800000009,王芳 in GB18030.
    const gbk = Buffer.concat([
      Buffer.from([0xca, 0xd6, 0xbb, 0xfa, 0xba, 0xc5, 0x2c, 0xd0, 0xd5, 0xc3, 0xfb, 0x0d, 0x0a]),
      Buffer.from('13800000009,'),
      Buffer.from([0xcd, 0xf5, 0xb7, 0xbc, 0x0d, 0x0a]),
    ])
    const job = await importFile(await put(gbk))
    expect(job).toMatchObject({ status: 'done', imported: 1 })
    expect(byPhone('13800000009').nickname).toBe('王芳')
  })

  test('a dry run checks everything and writes nothing but the job', async () => {
    const fileId = await put(CSV)
    const before = h.snapshot(MEMBERS, MEMBER_TIERS, ACCOUNTS, LEDGER, OPERATOR_CHANGES)
    const job = await importFile(fileId, { dryRun: true })
    expect(job).toMatchObject({ status: 'done', dryRun: true, total: 4, imported: 4, failed: 0 })
    expect(job.message).toContain('预检完成')
    expect(h.snapshot(MEMBERS, MEMBER_TIERS, ACCOUNTS, LEDGER, OPERATOR_CHANGES)).toBe(before)
  })

  test('rows in error are reported with their row and field; repeated and existing phones are skipped, not failed', async () => {
    await importFile(await put('手机号\n13700000009\n'))
    const csv = [
      '手机号,姓名,生日,等级,积分',
      '13700000001,甲,1990-01-01,,10',
      '12345,乙,1990-01-01,,10', // bad phone
      '13700000002,丙,1990-02-30,钻石,-3', // three bad fields
      '13700000001,丁,,,', // repeats row 2
      '13700000009,戊,,,', // already a member
      '13700000003,己,,,',
    ].join('\n')
    const job = await importFile(await put(csv))
    expect(job).toMatchObject({ total: 6, processed: 6, imported: 2, skipped: 2, failed: 2 })
    expect(job.errors.map((e) => [e.row, e.field])).toEqual([
      [3, 'phone'],
      [4, 'birthday'],
      [4, 'tier'],
      [4, 'points'],
      [5, 'phone'],
      [6, 'phone'],
    ])
    expect(job.errors.find((e) => e.row === 5)!.message).toBe('手机号与第 2 行重复')
    expect(job.errors.find((e) => e.row === 6)!.message).toBe('该手机号已是会员，已跳过')
    expect(members().filter((m) => m.phone === '13700000001')).toHaveLength(1)

    const report = await importErrorsCsv(h.deps.db, job)
    const lines = report.split('\r\n').filter(Boolean)
    expect(lines[0]).toBe('\uFEFF行号,字段,问题')
    expect(lines).toHaveLength(7)
    expect(lines[6]).toBe('6,手机号,该手机号已是会员，已跳过')
  })

  test('a file without a phone column, an empty file or an unknown file is refused without a job', async () => {
    const noPhone = await startImport(h.deps, { fileId: await put('姓名,生日\n王芳,1990-01-01\n'), fileName: 'x.csv', dryRun: false, by: operator })
    expect(noPhone).toMatchObject({ ok: false, error: { code: 'IMPORT_FILE_INVALID' } })
    expect(await startImport(h.deps, { fileId: await put('\n\n'), fileName: 'x.csv', dryRun: false, by: operator })).toMatchObject({ ok: false, error: { code: 'IMPORT_FILE_INVALID' } })
    expect(await startImport(h.deps, { fileId: 'nope', fileName: 'x.csv', dryRun: false, by: operator })).toMatchObject({ ok: false, error: { code: 'UPLOAD_NOT_FOUND' } })
    expect(h.store.rawCount(IMPORTS)).toBe(0)
  })
})

/** The same deps, with a database whose writes to `collection` by `method` throw once `fails()` says so. */
function failing(deps: Deps, collection: string, method: 'add' | 'update', fails: () => boolean): Deps {
  const wrap = <T extends object>(target: T, name: string): T =>
    new Proxy(target, {
      get(t, prop) {
        const v = Reflect.get(t, prop)
        if (typeof v !== 'function') return v
        if (prop === method && name === collection)
          return (...args: unknown[]) => {
            if (fails()) throw new Error('killed')
            return v.apply(t, args)
          }
        if (prop === 'where' || prop === 'doc') return (...args: unknown[]) => wrap(v.apply(t, args), name)
        return v.bind(t)
      },
    })
  const db = new Proxy(deps.db, {
    get(t, prop) {
      const v = Reflect.get(t, prop)
      if (prop === 'collection') return (name: string) => wrap(t.collection(name), name)
      return typeof v === 'function' ? v.bind(t) : v
    },
  }) as Database
  return { ...deps, db }
}

function countsOnce(rows: number) {
  const all = members()
  expect(all).toHaveLength(rows)
  expect(new Set(all.map((m) => m.phone)).size).toBe(rows)
  expect(all.every((m) => m.imported === true && m.openid === `import:${m._id}`)).toBe(true)
  // Every positive balance is one entry and one account holding exactly it.
  for (const e of h.store.rawFind(LEDGER)) expect(h.store.rawGet(ACCOUNTS, String(e.memberId))).toMatchObject({ balance: e.points, seq: 1 })
  expect(h.store.rawCount(ACCOUNTS)).toBe(h.store.rawCount(LEDGER))
}

describe('resuming', () => {
  test('a run stopped after one step resumes at its checkpoint and imports every row exactly once', async () => {
    const file = path.join(os.tmpdir(), `huika-import-${process.pid}.csv`)
    writeImportCsv(file, 1_200)
    const fileId = await put(readFileSync(file))
    rmSync(file)
    const started = await startImport(h.deps, { fileId, fileName: 'big.csv', dryRun: false, by: operator })
    const jobId = started.ok ? started.data._id : ''
    const one = (await stepImport(h.deps, jobId, { maxBatches: 1 }))!
    expect(one).toMatchObject({ status: 'running', nextBatch: 1, processed: 500, imported: 500 })
    expect(members()).toHaveLength(500)

    let job = one
    while (job.status === 'running') job = (await stepImport(h.deps, jobId))!
    expect(job).toMatchObject({ status: 'done', processed: 1_200, imported: 1_200, batches: 3 })
    countsOnce(1_200)

    // A repeated step on a finished job changes nothing.
    const before = h.snapshot(MEMBERS, LEDGER, ACCOUNTS, MEMBER_TIERS, IMPORTS, OPERATOR_CHANGES)
    expect(await stepImport(h.deps, jobId)).toMatchObject({ status: 'done', imported: 1_200 })
    expect(h.snapshot(MEMBERS, LEDGER, ACCOUNTS, MEMBER_TIERS, IMPORTS, OPERATOR_CHANGES)).toBe(before)
    expect(h.store.rawCount(OPERATOR_CHANGES)).toBe(1)
  })

  test('a step killed in the middle of a batch (entries written, accounts not) is completed by the next, without doubles', async () => {
    const fileId = await put(CSV)
    const started = await startImport(h.deps, { fileId, fileName: 'members.csv', dryRun: false, by: operator })
    const jobId = started.ok ? started.data._id : ''
    await expect(stepImport(failing(h.deps, ACCOUNTS, 'add', () => true), jobId)).rejects.toThrow('killed')
    expect(h.store.rawCount(LEDGER)).toBe(2)
    expect(h.store.rawCount(ACCOUNTS)).toBe(0)
    // Half-written members name the job and its unfinished batch: nobody can claim them yet.
    expect(members().every((m) => m.importJob?.id === jobId && m.importJob.batch === 0)).toBe(true)
    const claim = await memberFn.build(h.deps)({ action: 'registerWithWeChatPhone', phoneCode: '13800000001' }, { identity: { openid: 'wx-early', unionid: null } })
    expect(claim).toMatchObject({ ok: false, error: { code: 'PHONE_TAKEN' } })

    const job = (await stepImport(h.deps, jobId))!
    expect(job).toMatchObject({ status: 'done', imported: 4, skipped: 0 })
    countsOnce(4)
  })

  test('a batch written but not counted (killed before the checkpoint) is counted once when run again', async () => {
    const fileId = await put(CSV)
    const started = await startImport(h.deps, { fileId, fileName: 'members.csv', dryRun: false, by: operator })
    const jobId = started.ok ? started.data._id : ''
    await expect(stepImport(failing(h.deps, IMPORTS, 'update', () => true), jobId)).rejects.toThrow('killed')
    expect(members()).toHaveLength(4)
    expect(await loadJob(h.deps.db, jobId)).toMatchObject({ nextBatch: 0, imported: 0 })

    const job = (await stepImport(h.deps, jobId))!
    expect(job).toMatchObject({ status: 'done', processed: 4, imported: 4, skipped: 0, errors: [] })
    countsOnce(4)
  })

  test('two steps racing on one job count each batch once', async () => {
    const fileId = await put(CSV)
    const started = await startImport(h.deps, { fileId, fileName: 'members.csv', dryRun: false, by: operator })
    const jobId = started.ok ? started.data._id : ''
    await Promise.all([stepImport(h.deps, jobId), stepImport(h.deps, jobId)])
    expect(await loadJob(h.deps.db, jobId)).toMatchObject({ status: 'done', processed: 4, imported: 4 })
    countsOnce(4)
    expect(h.store.rawCount(OPERATOR_CHANGES)).toBe(1)
  })
})

describe('claiming an imported member at registration', () => {
  let member: ReturnType<typeof memberFn.build>
  const call = (openid: string, event: object) => member(event, { identity: { openid, unionid: `u-${openid}` } }) as Promise<any>

  beforeEach(async () => {
    member = memberFn.build(h.deps)
    await importFile(await put(CSV))
  })

  test('registering by SMS with an imported phone takes over that member, balance, level and all', async () => {
    const imported = byPhone('13800000001')
    expect((await call('wx-wang', { action: 'sendCode', phone: '13800000001' })).ok).toBe(true)
    const res = await call('wx-wang', { action: 'register', phone: '13800000001', smsCode: lastCode(h, '13800000001'), nickname: '芳芳' })
    expect(res).toMatchObject({ ok: true, data: { created: true, member: { memberId: imported._id, memberNo: imported.memberNo, points: 1200, tier: { id: 'silver' }, nickname: '芳芳', birthday: '1990-05-20' } } })
    expect(h.store.rawGet(MEMBERS, imported._id)).toMatchObject({ openid: 'wx-wang', unionid: 'u-wx-wang', imported: true })
    expect(h.store.rawGet(MEMBER_TIERS, imported._id)).toMatchObject({ openid: 'wx-wang', levelId: 'silver' })
    expect(h.store.rawCount(MEMBERS)).toBe(4)

    const me = await call('wx-wang', { action: 'me' })
    expect(me).toMatchObject({ ok: true, data: { memberId: imported._id, points: 1200, tier: { id: 'silver' } } })
    // Repeating the registration is answered as before; another WeChat account cannot take the phone now.
    expect(await call('wx-wang', { action: 'register', phone: '13800000001', smsCode: '000000' })).toMatchObject({ ok: true, data: { created: false } })
    h.advance(61_000)
    await call('wx-other', { action: 'sendCode', phone: '13800000001' })
    expect(await call('wx-other', { action: 'register', phone: '13800000001', smsCode: lastCode(h, '13800000001') })).toMatchObject({ ok: false, error: { code: 'PHONE_TAKEN' } })
  })

  test('a wrong SMS code claims nothing', async () => {
    await call('wx-wang', { action: 'sendCode', phone: '13800000001' })
    const code = lastCode(h, '13800000001')
    const wrong = code === '000000' ? '111111' : '000000'
    expect(await call('wx-wang', { action: 'register', phone: '13800000001', smsCode: wrong })).toMatchObject({ ok: false, error: { code: 'SMS_CODE_WRONG' } })
    expect(byPhone('13800000001').openid).toMatch(/^import:/)
  })

  test('registering with the WeChat phone claims it too', async () => {
    const imported = byPhone('13800000002')
    const res = await call('wx-li', { action: 'registerWithWeChatPhone', phoneCode: '13800000002' })
    expect(res).toMatchObject({ ok: true, data: { created: true, member: { memberId: imported._id, tier: { id: 'gold' }, nickname: '李雷' } } })
    expect(h.store.rawGet(MEMBER_TIERS, imported._id)).toMatchObject({ openid: 'wx-li' })
  })

  test('a member whose batch the import has not finished is not claimable', async () => {
    const imported = byPhone('13800000003')
    await h.deps.db.collection(IMPORTS).doc(imported.importJob!.id).update({ nextBatch: 0 })
    const res = await call('wx-x', { action: 'registerWithWeChatPhone', phoneCode: '13800000003' })
    expect(res).toMatchObject({ ok: false, error: { code: 'PHONE_TAKEN' } })
  })
})

describe('scale', () => {
  test('10,000 rows import completely', async () => {
    const file = path.join(os.tmpdir(), `huika-import-10k-${process.pid}.csv`)
    writeImportCsv(file, 10_000)
    const fileId = await put(readFileSync(file))
    rmSync(file)
    const t0 = performance.now()
    const job = await importFile(fileId)
    const ms = performance.now() - t0
    console.log(`10,000-row import: ${(ms / 1000).toFixed(1)} s`)
    expect(job).toMatchObject({ status: 'done', total: 10_000, imported: 10_000, failed: 0, skipped: 0 })
    expect(h.store.rawCount(MEMBERS)).toBe(10_000)
    expect(h.store.rawCount(IMPORT_ROWS)).toBe(20)
    expect(h.store.rawCount(ACCOUNTS)).toBe(h.store.rawCount(LEDGER))
  }, 120_000)
})
