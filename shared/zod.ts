import { config } from 'zod'
// One locale, not `z.locales`, which would pull every language into the mini-program.
import { zhCN } from 'zod/locales'

// WeChat forbids `new Function`, which zod's JIT object parser uses. Every schema in shared/
// imports zod from here, so the switch is made before any schema is defined. Node keeps the JIT, except
// in the deployed bundles, which switch it off on their first line: compiling parsers costs more of a
// cold start than it saves on the few inputs one instance parses (scripts/functions-bundle.ts).
const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string'
if (!isNode) config({ jitless: true })
// zod's own messages (wrong type, too long, ...) in Chinese; schemas add their own where it matters.
config(zhCN())

// Re-exported member by member so that `import * as z from './zod'` lets the bundler drop what
// the schemas do not use (the `z` namespace object would keep all of zod: ~380 KB in weapp).
export * from 'zod'
