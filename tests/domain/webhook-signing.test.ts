import { createHmac } from 'node:crypto'
import fc from 'fast-check'
import { DEFAULT_TOLERANCE_SECONDS, signature, verify } from '../../shared/webhooks/signing'

const SECRET = 'whsec_test-secret-for-signing'
const BODY = JSON.stringify({ id: 'points:earn:S1:POS-1@wh_1', event: { id: 'points:earn:S1:POS-1', type: 'points.earned', occurredAt: '2027-01-31T02:00:00.000Z', data: { points: 100 } } })
const TS = 1_801_526_400

describe('webhook signatures', () => {
  test('follow the documented recipe: sha256= and the hex HMAC-SHA256 of "<timestamp>.<body>"', () => {
    const expected = createHmac('sha256', SECRET).update(`${TS}.${BODY}`).digest('hex')
    expect(signature(SECRET, TS, BODY)).toBe(`sha256=${expected}`)
  })

  test('a request signed with the secret verifies at the receiver', () => {
    expect(verify({ secret: SECRET, body: BODY, timestamp: String(TS), signature: signature(SECRET, TS, BODY), nowSeconds: TS + 3 })).toEqual({ ok: true })
  })

  test('a tampered body, another secret or a moved timestamp fails as a mismatch', () => {
    const sig = signature(SECRET, TS, BODY)
    expect(verify({ secret: SECRET, body: BODY.replace('100', '1000'), timestamp: String(TS), signature: sig, nowSeconds: TS })).toEqual({ ok: false, reason: 'mismatch' })
    expect(verify({ secret: 'whsec_another', body: BODY, timestamp: String(TS), signature: sig, nowSeconds: TS })).toEqual({ ok: false, reason: 'mismatch' })
    expect(verify({ secret: SECRET, body: BODY, timestamp: String(TS + 1), signature: sig, nowSeconds: TS })).toEqual({ ok: false, reason: 'mismatch' })
  })

  test('an old or future timestamp is stale even with a good signature; the tolerance is five minutes', () => {
    const sig = signature(SECRET, TS, BODY)
    const at = (nowSeconds: number) => verify({ secret: SECRET, body: BODY, timestamp: String(TS), signature: sig, nowSeconds })
    expect(DEFAULT_TOLERANCE_SECONDS).toBe(300)
    expect(at(TS + 300)).toEqual({ ok: true })
    expect(at(TS + 301)).toEqual({ ok: false, reason: 'stale' })
    expect(at(TS - 301)).toEqual({ ok: false, reason: 'stale' })
  })

  test('missing or malformed headers are refused before any comparison', () => {
    const sig = signature(SECRET, TS, BODY)
    expect(verify({ secret: SECRET, body: BODY, timestamp: undefined, signature: sig, nowSeconds: TS })).toEqual({ ok: false, reason: 'malformed' })
    expect(verify({ secret: SECRET, body: BODY, timestamp: '12.5', signature: sig, nowSeconds: TS })).toEqual({ ok: false, reason: 'malformed' })
    expect(verify({ secret: SECRET, body: BODY, timestamp: String(TS), signature: sig.slice('sha256='.length), nowSeconds: TS })).toEqual({ ok: false, reason: 'malformed' })
    expect(verify({ secret: SECRET, body: BODY, timestamp: String(TS), signature: 'sha256=abc', nowSeconds: TS })).toEqual({ ok: false, reason: 'mismatch' })
  })

  test('any change to a body is caught (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1 }), fc.nat({ max: 2 ** 31 }), (body, extra, ts) => {
        const sig = signature(SECRET, ts, body)
        expect(verify({ secret: SECRET, body, timestamp: String(ts), signature: sig, nowSeconds: ts })).toEqual({ ok: true })
        expect(verify({ secret: SECRET, body: body + extra, timestamp: String(ts), signature: sig, nowSeconds: ts })).toEqual({ ok: false, reason: 'mismatch' })
      }),
    )
  })
})
