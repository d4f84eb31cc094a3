import { z } from 'zod'

// WeChat forbids `new Function`, which zod's JIT object parser uses. Every schema in
// shared/ imports z from here, so the switch is made before any schema is defined.
// Node (functions, tests) keeps the JIT.
const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string'
if (!isNode) z.config({ jitless: true })
// zod's own messages (wrong type, too long, ...) in Chinese; schemas add their own where it matters.
z.config(z.locales.zhCN())

export { z }
