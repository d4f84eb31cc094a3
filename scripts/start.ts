import path from 'node:path'
import { ensureConsoleBuild } from './console-build'
import { ensureH5Build, h5Dir } from './h5-build'
import { startServer } from './server'

/** `npm start`: build the H5 app if its sources changed, then serve it with every cloud function. */
async function main() {
  const mode = process.env.HUIKA_MODE === 'production' ? 'production' : 'local'
  const port = Number(process.env.PORT ?? 8080)
  const dataDir = path.resolve(process.env.HUIKA_DATA_DIR ?? path.join(__dirname, '..', '.huika'))
  await ensureH5Build()
  await ensureConsoleBuild()
  const server = await startServer({ port, dataDir, mode, staticDir: h5Dir, deliverWebhooks: true })
  console.log(`\n会卡 Huika 已启动（${mode === 'local' ? '本地模式' : '生产模式'}）: ${server.url}`)
  console.log(`Open ${server.url} in a browser. Data: ${dataDir}\n`)
  const stop = async () => {
    await server.close()
    process.exit(0)
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e)
  process.exit(1)
})
