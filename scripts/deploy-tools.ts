import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

/**
 * The CloudBase tools `npm run deploy` drives, at exact versions, installed on first use into
 * node_modules/.cache/huika-deploy (not into the project: the CLI alone is a 34 MB bundle, which every
 * `npm install` of people who never deploy would otherwise pay for).
 * - @cloudbase/cli (`tcb`): `tcb login --apiKeyId --apiKey`, `tcb fn deploy <name> --force` (code,
 *   configuration and timer triggers from cloudbaserc.json).
 * - @cloudbase/manager-node: collections and indexes (`manager.database`), which the CLI has no command for.
 */
export const DEPLOY_TOOLS = { '@cloudbase/cli': '2.12.10', '@cloudbase/manager-node': '5.6.5' } as const

const repo = path.resolve(__dirname, '..')
export const toolsDir = path.join(repo, 'node_modules', '.cache', 'huika-deploy')

export interface DeployTools {
  tcb: string
  requireTool: NodeRequire
}

export function ensureDeployTools(log: (s: string) => void): DeployTools {
  const manifest = JSON.stringify({ name: 'huika-deploy-tools', private: true, dependencies: DEPLOY_TOOLS }, null, 2) + '\n'
  const pkgFile = path.join(toolsDir, 'package.json')
  const tcb = path.join(toolsDir, 'node_modules', '.bin', 'tcb')
  const current = existsSync(pkgFile) && readFileSync(pkgFile, 'utf8') === manifest && existsSync(tcb)
  if (!current) {
    log(`安装部署工具 / installing ${Object.entries(DEPLOY_TOOLS).map(([n, v]) => `${n}@${v}`).join(', ')} into ${path.relative(repo, toolsDir)} (once)…`)
    mkdirSync(toolsDir, { recursive: true })
    writeFileSync(pkgFile, manifest)
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
    const r = spawnSync(npm, ['install', '--no-audit', '--no-fund', '--no-package-lock'], { cwd: toolsDir, stdio: ['ignore', 'inherit', 'inherit'] })
    if (r.status !== 0 || !existsSync(tcb)) throw new Error(`could not install the CloudBase tools (npm exit ${r.status}); check the npm registry is reachable`)
  }
  return { tcb, requireTool: createRequire(pkgFile) }
}
