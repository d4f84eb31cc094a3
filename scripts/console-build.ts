import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { build } from 'esbuild'
import { hashInputs } from './build-hash'

/**
 * Builds the merchant console (console/src, a React app) with esbuild, only when its inputs
 * changed: the inputs' content hash is written beside the output after a successful build.
 */
const repo = path.resolve(__dirname, '..')
export const consoleDir = path.join(repo, 'console', 'dist')
const stampFile = path.join(consoleDir, '.huika-build-hash')
const inputs = ['console/src', 'console/tsconfig.json', 'shared', 'package-lock.json', 'scripts/console-build.ts']

export const hashConsoleInputs = (): string => hashInputs(repo, inputs)

export function consoleBuildIsCurrent(): boolean {
  return existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === hashConsoleInputs()
}

/** index.html names the hashed bundle, so assets can be cached for good and only the page is revalidated. */
const page = (script: string, css: string | null) => `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>会卡 管理后台</title>
${css ? `<link rel="stylesheet" href="/console/${css}">\n` : ''}</head>
<body>
<div id="root"></div>
<script src="/console/${script}"></script>
</body>
</html>
`

export async function ensureConsoleBuild(log: (line: string) => void = console.log): Promise<void> {
  if (consoleBuildIsCurrent()) return
  const hash = hashConsoleInputs()
  log('正在构建管理后台… / Building the merchant console…')
  const started = Date.now()
  rmSync(consoleDir, { recursive: true, force: true })
  mkdirSync(consoleDir, { recursive: true })
  const result = await build({
    absWorkingDir: repo,
    entryPoints: { app: 'console/src/main.tsx' },
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: ['chrome100', 'firefox100', 'safari15', 'edge100'],
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    outdir: path.join(consoleDir, 'assets'),
    entryNames: '[name]-[hash]',
    assetNames: '[name]-[hash]',
    metafile: true,
    logLevel: 'silent',
    legalComments: 'none',
  })
  const outputs = Object.keys(result.metafile.outputs).map((f) => path.relative(consoleDir, path.resolve(repo, f)).split(path.sep).join('/'))
  const script = outputs.find((f) => f.endsWith('.js'))
  if (!script) throw new Error('console build produced no script')
  writeFileSync(path.join(consoleDir, 'index.html'), page(script, outputs.find((f) => f.endsWith('.css')) ?? null))
  writeFileSync(stampFile, hash + '\n')
  log(`管理后台构建完成，用时 ${Math.round((Date.now() - started) / 1000)} 秒 / Console build done`)
}

if (require.main === module) {
  ensureConsoleBuild().catch((e) => {
    console.error(e.message)
    process.exit(1)
  })
}
