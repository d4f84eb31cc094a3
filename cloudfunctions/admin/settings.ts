import { fail } from '../../shared/errors'
import type { Handler } from '../_lib/router'

// Placeholder while this part is being built this session.
export const settings: Handler<'admin', 'settings'> = async () => fail('INTERNAL', 'not built yet')
export const saveSettings: Handler<'admin', 'saveSettings'> = async () => fail('INTERNAL', 'not built yet')
export const tiers: Handler<'admin', 'tiers'> = async () => fail('INTERNAL', 'not built yet')
export const tierPlan: Handler<'admin', 'tierPlan'> = async () => fail('INTERNAL', 'not built yet')
export const tierPublish: Handler<'admin', 'tierPublish'> = async () => fail('INTERNAL', 'not built yet')
