import { maskPhone } from '../../shared/phone'
import type { RegisterInput } from '../../shared/member/schemas'
import type { CloudFunction } from '../../cloudfunctions/_lib/router'
import { CliError, type Command } from './command'
import { DEMO_STORE } from './demo-catalogue'
import { seedCatalogue } from './seed-catalogue'

const DEMO_MEMBERS: Array<{ openid: string } & Omit<RegisterInput, 'smsCode'>> = [
  { openid: 'demo-member-1', phone: '13800000001', nickname: '演示会员小会', birthday: '1990-05-20', gender: 'female', region: ['上海市', '上海市', '徐汇区'] },
  { openid: 'demo-member-2', phone: '13800000002', nickname: '演示会员阿卡', birthday: '1985-11-02', gender: 'male', region: ['广东省', '深圳市', '南山区'] },
]

type Envelope = { ok: true; data: any } | { ok: false; error: { code: string; message: string } }

async function call(fn: CloudFunction, openid: string, event: object): Promise<Envelope> {
  return (await fn(event, { identity: { openid, unionid: null } })) as Envelope
}

/**
 * `seed demo`: a couple of demo members, registered through the member function itself
 * (SMS code from the local outbox, then register), so they are exactly what a real sign-up makes;
 * then the demo store, clerk, coupons and mall (seed-catalogue.ts). Running it again changes nothing.
 */
export const seedDemo: Command = {
  words: ['seed', 'demo'],
  summary: 'demo members (demo-member-1, demo-member-2) with opening points, a demo store and clerk (demo-clerk), coupon templates and the mall catalogue',
  async run(ctx) {
    const rt = ctx.runtime()
    const member = rt.functions.get('member')
    if (!member) throw new CliError('the member function is missing')
    const seeded = []
    for (const { openid, ...profile } of DEMO_MEMBERS) {
      const me = await call(member, openid, { action: 'me' })
      if (me.ok) {
        seeded.push({ openid, memberId: me.data.memberId, memberNo: me.data.memberNo, phone: maskPhone(me.data.phone), created: false })
        continue
      }
      const sent = await call(member, openid, { action: 'sendCode', phone: profile.phone })
      if (!sent.ok) throw new CliError(`${openid}: sendCode ${sent.error.code} ${sent.error.message}`)
      const smsCode = rt.outbox.list().find((m) => m.to === profile.phone)?.data.code
      const reg = await call(member, openid, { action: 'register', ...profile, smsCode })
      if (!reg.ok) throw new CliError(`${openid}: register ${reg.error.code} ${reg.error.message}`)
      // The operator is not the phone's owner: masked, as everywhere else.
      seeded.push({ openid, memberId: reg.data.member.memberId, memberNo: reg.data.member.memberNo, phone: maskPhone(reg.data.member.phone), created: reg.data.created })
    }
    const catalogue = await seedCatalogue(rt.deps, seeded)
    const members = seeded.map(({ memberId: _id, ...m }) => m)
    return {
      json: { members, catalogue },
      text: [
        ...members.map((m) => `${m.created ? 'created' : 'exists '}  ${m.openid}  member ${m.memberNo}  phone ${m.phone}`),
        `store ${DEMO_STORE.id} ${catalogue.store ? 'created' : 'exists'}; clerk demo-clerk ${catalogue.clerk ? 'created' : 'exists'}`,
        `catalogue: ${catalogue.templates} coupon templates and ${catalogue.items} mall items created, ${catalogue.vouchers} partner codes imported`,
        `games: ${catalogue.wheels} lucky wheel(s) and ${catalogue.campaigns} collect-the-set campaign(s) created`,
        `opening points given: ${catalogue.pointsGiven}`,
      ].join('\n'),
    }
  },
}
