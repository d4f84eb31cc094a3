// One jest run for every suite. Each folder under tests/ is a project so that the
// jsdom-based mini-program tests do not slow down the node ones.
const path = require('path')
const root = path.resolve(__dirname, '..')
const swc = ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic' } } } }]

const node = (name, extra = {}) => ({
  displayName: name,
  rootDir: root,
  testEnvironment: 'node',
  testMatch: [`<rootDir>/tests/${name}/**/*.test.ts`],
  transform: { '^.+\\.(t|j)sx?$': swc },
  ...extra,
})

module.exports = {
  rootDir: root,
  projects: [node('domain'), node('contract'), node('handlers'), node('server'), node('simulate', { testEnvironment: 'jsdom' }), node('e2e')],
}
