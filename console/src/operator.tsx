import { createContext, useContext } from 'react'
import type { Out } from './api'

export type Operator = Out<'me'>

/** The signed-in operator (admin.me), for pages that differ by role. */
export const OperatorContext = createContext<Operator | null>(null)

export function useOperator(): Operator {
  const op = useContext(OperatorContext)
  if (!op) throw new Error('useOperator outside the signed-in layout')
  return op
}

export const roleName = (role: string) => ({ admin: '管理员', manager: '店长', clerk: '店员' })[role] ?? role
