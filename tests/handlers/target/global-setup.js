// jest globalSetup/globalTeardown (plain JS: jest does not transform them with the projects' swc).
// Only a run that includes the `handlers-cloud` project (credentials set) touches the cloud.
require('tsx/cjs/api').register()
const { cloudConfigured, createNamespaces, dropNamespaces, ensureContractCollections } = require('./cloud-namespace.ts')

const selected = (globalConfig, name) => !globalConfig.selectProjects || globalConfig.selectProjects.includes(name)
const wanted = (globalConfig) => cloudConfigured() && selected(globalConfig, 'handlers-cloud')

module.exports = async function setup(globalConfig) {
  if (cloudConfigured() && selected(globalConfig, 'contract')) await ensureContractCollections()
  if (!wanted(globalConfig)) return
  // Short: CloudBase collection names are limited in length. Workers inherit process.env.
  process.env.HUIKA_NS = `t${Date.now().toString(36).slice(-5)}`
  console.log(`\n[handlers-cloud] creating test collections ${process.env.HUIKA_NS}<worker>_* in ${process.env.TCB_ENV_ID}…`)
  await createNamespaces(process.env.HUIKA_NS, globalConfig.maxWorkers)
}

module.exports.teardown = async function teardown(globalConfig) {
  if (!wanted(globalConfig) || !process.env.HUIKA_NS) return
  await dropNamespaces(process.env.HUIKA_NS, globalConfig.maxWorkers)
}
