import * as z from './zod'

/** A store's id, as the operator chose it (`store add --id`): letters, digits, _ and -. */
export const StoreId = z
  .string({ error: '请输入门店编号' })
  .trim()
  .regex(/^[\w-]{1,32}$/, '门店编号只能包含字母、数字、_ 和 -（最多 32 个字符）')
