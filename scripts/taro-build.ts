import { spawn } from 'node:child_process'
import path from 'node:path'

const repo = path.resolve(__dirname, '..')

/** What a Taro build of the mini-program reads: its output is stale when the hash of these changes. */
export const TARO_INPUTS = ['miniprogram/src', 'miniprogram/config', 'miniprogram/babel.config.js', 'miniprogram/tsconfig.json', 'shared', 'package-lock.json']

/** Runs `taro build --type <type>` in production mode; a failure carries the build's last output. */
export function runTaroBuild(type: 'h5' | 'weapp'): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(path.join(repo, 'node_modules', '.bin', 'taro'), ['build', '--type', type], {
      cwd: path.join(repo, 'miniprogram'),
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    const keep = (b: Buffer) => {
      output = (output + b.toString()).slice(-20_000)
    }
    child.stdout.on('data', keep)
    child.stderr.on('data', keep)
    child.on('error', reject)
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${type} build failed (exit ${code}):\n${output}`))))
  })
}
