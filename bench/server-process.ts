import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import path from 'node:path'

const repo = path.resolve(__dirname, '..')

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => resolve(port))
    })
    s.on('error', reject)
  })
}

/**
 * The local server in its own process on `dataDir`, as `npm start` runs it (without the H5 build),
 * so a benchmark's load generator does not share its event loop.
 */
export async function startServerProcess(dataDir: string): Promise<{ url: string; close(): Promise<void> }> {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const child = spawn(path.join(repo, 'node_modules', '.bin', 'tsx'), ['scripts/server/main.ts'], {
    cwd: repo,
    env: { ...process.env, PORT: String(port), HUIKA_DATA_DIR: dataDir, HUIKA_MODE: 'local', NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()))
  for (let i = 0; ; i++) {
    if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) break
    if (i > 300 || child.exitCode !== null) {
      child.kill('SIGKILL')
      throw new Error('the server did not become healthy')
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  return {
    url,
    async close() {
      child.kill('SIGTERM')
      await exited
    },
  }
}
