// One jest run for every suite. Each folder under tests/ is a project so that the
// jsdom-based mini-program tests do not slow down the node ones.
const path = require('path')
const root = path.resolve(__dirname, '..')
const swc = ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic' } } } }]
// The names of scripts/cloud-credentials.ts (this plain-JS config cannot import it).
const cloudConfigured = ['TCB_ENV_ID', 'TCB_SECRET_ID', 'TCB_SECRET_KEY'].every((v) => process.env[v]?.trim())

const node = (name, extra = {}) => ({
  displayName: name,
  rootDir: root,
  testEnvironment: 'node',
  testMatch: [`<rootDir>/tests/${name}/**/*.test.ts`],
  transform: { '^.+\\.(t|j)sx?$': swc },
  ...extra,
})

// Handler suites that open their own local store (the query-plan audit, the server runtime): local only.
const LOCAL_ONLY = ['query-plans', 'runtime', 'console-cloud-entry']
// The cloud path (namespaced collections, probes through the SDK from another thread) on every run,
// against a local store: suites with unique indexes, transactions and races.
const REMOTE_SAMPLE = ['registration', 'points', 'mall-races', 'staff-accrue', 'coupon']
const target = (file) => ['<rootDir>/tests/handlers/target/' + file]

module.exports = {
  rootDir: root,
  // Only a run with credentials touches the cloud, so only then is there anything to set up.
  ...(cloudConfigured
    ? { globalSetup: '<rootDir>/tests/handlers/target/global-setup.js', globalTeardown: '<rootDir>/tests/handlers/target/global-teardown.js' }
    : {}),
  projects: [
    node('domain'),
    node('contract'),
    node('handlers'),
    node('handlers', {
      displayName: 'handlers-remote',
      testMatch: REMOTE_SAMPLE.map((s) => `<rootDir>/tests/handlers/${s}.test.ts`),
      setupFiles: target('use-remote-local.ts'),
    }),
    // Every handler suite against the real environment in TCB_ENV_ID; without credentials the
    // project is left out and tests/contract/cloud.test.ts says so.
    ...(cloudConfigured
      ? [
          node('handlers', {
            displayName: 'handlers-cloud',
            testPathIgnorePatterns: LOCAL_ONLY.map((s) => `/tests/handlers/${s}\\.test\\.ts$`),
            setupFiles: target('use-cloud.ts'),
            testTimeout: 180_000,
          }),
        ]
      : []),
    node('server'),
    node('simulate', { testEnvironment: 'jsdom' }),
    node('e2e'),
  ],
}
