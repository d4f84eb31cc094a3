import { OrderId } from '@shared/staff/schemas'

/** The order number as the server will read it, or the reason it would refuse it (its own words). */
export function checkOrderId(text: string, requiredMessage: string): { ok: true; orderId: string } | { ok: false; message: string } {
  if (!text.trim()) return { ok: false, message: requiredMessage }
  const parsed = OrderId.safeParse(text)
  return parsed.success ? { ok: true, orderId: parsed.data } : { ok: false, message: parsed.error.issues[0]?.message ?? requiredMessage }
}
