// A worker thread for synckit: registers tsx so it can load the TypeScript probes, then serves them.
require('tsx/cjs/api').register()
const { runAsWorker } = require('synckit')
const { probes } = require('./probes.ts')

runAsWorker((op, ...args) => probes[op](...args))
