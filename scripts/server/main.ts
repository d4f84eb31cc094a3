import path from 'node:path'
import { startServer } from '.'

/** Runs the local server from the environment: PORT (8080), HUIKA_DATA_DIR (.huika/), HUIKA_MODE (local). */
async function main() {
  const mode = process.env.HUIKA_MODE === 'production' ? 'production' : 'local'
  const port = Number(process.env.PORT ?? 8080)
  const dataDir = path.resolve(process.env.HUIKA_DATA_DIR ?? path.join(__dirname, '..', '..', '.huika'))
  const server = await startServer({ port, dataDir, mode, host: process.env.HOST, deliverWebhooks: true })
  console.log(`会卡 Huika (${mode}) listening on ${server.url}  data: ${dataDir}`)
  const stop = () => server.close().then(() => process.exit(0))
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
})
