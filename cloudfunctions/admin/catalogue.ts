import { fail } from '../../shared/errors'
import type { Handler } from '../_lib/router'

// Placeholder while this part is being built this session.
export const catalogue: Handler<'admin', 'catalogue'> = async () => fail('INTERNAL', 'not built yet')
export const saveCatalogue: Handler<'admin', 'saveCatalogue'> = async () => fail('INTERNAL', 'not built yet')
export const restock: Handler<'admin', 'restock'> = async () => fail('INTERNAL', 'not built yet')
