import { fail } from '../../shared/errors'
import type { Handler } from '../_lib/router'

// Placeholder while this part is being built this session.
export const searchMembers: Handler<'admin', 'searchMembers'> = async () => fail('INTERNAL', 'not built yet')
export const member: Handler<'admin', 'member'> = async () => fail('INTERNAL', 'not built yet')
export const timeline: Handler<'admin', 'timeline'> = async () => fail('INTERNAL', 'not built yet')
