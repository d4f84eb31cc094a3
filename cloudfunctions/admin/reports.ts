import { fail } from '../../shared/errors'
import type { Handler } from '../_lib/router'

// Placeholder while the reports are being built this session.
export const report: Handler<'admin', 'report'> = async () => fail('INTERNAL', 'not built yet')
