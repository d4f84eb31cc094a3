import { runCli } from '../../scripts/cli'

/** Runs `npm run cli -- <argv> --data-dir <dataDir>` in-process: exit status, stdout and stderr. */
export async function runCliIn(dataDir: string, ...argv: string[]) {
  let stdout = ''
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true)
  try {
    const status = await runCli([...argv, '--data-dir', dataDir], (s) => {
      stdout += s
    })
    return { status, stdout, stderr: stderr.mock.calls.map((c) => String(c[0])).join('') }
  } finally {
    stderr.mockRestore()
  }
}
