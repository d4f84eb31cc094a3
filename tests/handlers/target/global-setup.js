// jest globalSetup/globalTeardown (plain JS: jest does not transform them with the projects' swc).
// tests/jest.config.js names them only when the cloud credentials are set.
require('tsx/cjs/api').register()
const { createNamespaces, dropNamespaces, ensureContractCollections } = require('./cloud-namespace.ts')

const selected = (globalConfig, name) => !globalConfig.selectProjects || globalConfig.selectProjects.includes(name)

module.exports = async function setup(globalConfig) {
  if (selected(globalConfig, 'contract')) await ensureContractCollections()
  if (!selected(globalConfig, 'handlers-cloud')) return
  // Short: CloudBase collection names are limited in length. Workers inherit process.env.
  process.env.HUIKA_NS = `t${Date.now().toString(36).slice(-5)}`
  console.log(`\n[handlers-cloud] creating test collections ${process.env.HUIKA_NS}<worker>_* in ${process.env.TCB_ENV_ID}…`)
  await createNamespaces(process.env.HUIKA_NS, globalConfig.maxWorkers)
}

module.exports.teardown = async function teardown(globalConfig) {
  if (!selected(globalConfig, 'handlers-cloud') || !process.env.HUIKA_NS) return
  await dropNamespaces(process.env.HUIKA_NS, globalConfig.maxWorkers)
}
