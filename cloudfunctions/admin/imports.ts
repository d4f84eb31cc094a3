import { fail } from '../../shared/errors'
import type { Handler } from '../_lib/router'

// Placeholder while the import is being built this session.
export const upload: Handler<'admin', 'upload'> = async () => fail('INTERNAL', 'not built yet')
export const importStart: Handler<'admin', 'importStart'> = async () => fail('INTERNAL', 'not built yet')
export const importStep: Handler<'admin', 'importStep'> = async () => fail('INTERNAL', 'not built yet')
export const imports: Handler<'admin', 'imports'> = async () => fail('INTERNAL', 'not built yet')
export const importErrors: Handler<'admin', 'importErrors'> = async () => fail('INTERNAL', 'not built yet')
export const exportPage: Handler<'admin', 'exportPage'> = async () => fail('INTERNAL', 'not built yet')
