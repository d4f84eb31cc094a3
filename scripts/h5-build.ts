import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { hashInputs } from './build-hash'
import { runTaroBuild, TARO_INPUTS } from './taro-build'

/**
 * Builds the Taro H5 app only when its inputs changed, so a second `npm start` is quick.
 * The inputs' content hash is written beside the output after a successful build.
 */
const repo = path.resolve(__dirname, '..')
export const h5Dir = path.join(repo, 'miniprogram', 'dist', 'h5')
const stampFile = path.join(h5Dir, '.huika-build-hash')
const inputs = TARO_INPUTS

export const hashH5Inputs = (): string => hashInputs(repo, inputs)

export function h5BuildIsCurrent(): boolean {
  return existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === hashH5Inputs()
}

export async function ensureH5Build(log: (line: string) => void = console.log): Promise<void> {
  if (h5BuildIsCurrent()) return
  const hash = hashH5Inputs()
  log('正在构建 H5 页面（首次约半分钟）… / Building the H5 app (about half a minute the first time)…')
  const started = Date.now()
  await runTaroBuild('h5')
  writeFileSync(stampFile, hash + '\n')
  log(`H5 构建完成，用时 ${Math.round((Date.now() - started) / 1000)} 秒 / H5 build done`)
}

if (require.main === module) {
  ensureH5Build().catch((e) => {
    console.error(e.message)
    process.exit(1)
  })
}
