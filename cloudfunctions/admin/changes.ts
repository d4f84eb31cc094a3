import { fail } from '../../shared/errors'
import type { Handler } from '../_lib/router'

// Placeholder while this part is being built this session.
export const changes: Handler<'admin', 'changes'> = async () => fail('INTERNAL', 'not built yet')
