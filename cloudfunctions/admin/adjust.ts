import { fail } from '../../shared/errors'
import type { Handler } from '../_lib/router'

// Placeholder while this part is being built this session.
export const adjustPoints: Handler<'admin', 'adjustPoints'> = async () => fail('INTERNAL', 'not built yet')
export const grantTier: Handler<'admin', 'grantTier'> = async () => fail('INTERNAL', 'not built yet')
export const issueCoupon: Handler<'admin', 'issueCoupon'> = async () => fail('INTERNAL', 'not built yet')
