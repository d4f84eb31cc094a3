import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { hashH5Inputs } from '../../scripts/h5-build'

/**
 * Builds the mini-program's native components (`taro build native-components --type weapp`,
 * the components listed under `components` in app.config.ts) unless the last build came from
 * the same sources: the H5 build's input hash covers exactly these inputs too.
 * Output: miniprogram/dist/native-weapp.
 */
const repo = path.resolve(__dirname, '..', '..')
export const nativeRoot = path.join(repo, 'miniprogram', 'dist', 'native-weapp')
const stampFile = path.join(nativeRoot, '.huika-build-hash')

export function ensureNativeComponents(): string {
  const hash = hashH5Inputs()
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === hash) return nativeRoot
  const taro = path.join(repo, 'node_modules', '.bin', 'taro')
  const res = spawnSync(taro, ['build', 'native-components', '--type', 'weapp'], {
    cwd: path.join(repo, 'miniprogram'),
    env: { ...process.env, NODE_ENV: 'production' },
    encoding: 'utf8',
  })
  if (res.status !== 0) throw new Error(`native-components build failed (exit ${res.status}):\n${(res.stdout + res.stderr).slice(-5000)}`)
  writeFileSync(stampFile, hash + '\n')
  return nativeRoot
}
