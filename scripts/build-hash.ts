import { createHash } from 'node:crypto'
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'

/**
 * The content hash of a build's inputs (files and folders under `repo`, by path and bytes): a build
 * writes it beside its output and is skipped while the inputs still hash the same.
 */
export function hashInputs(repo: string, inputs: string[]): string {
  const h = createHash('sha256')
  const visit = (rel: string) => {
    const abs = path.join(repo, rel)
    if (!existsSync(abs)) return
    if (statSync(abs).isDirectory()) {
      for (const name of readdirSync(abs).sort()) visit(path.join(rel, name))
    } else {
      h.update(rel).update('\0').update(readFileSync(abs)).update('\0')
    }
  }
  inputs.forEach(visit)
  return h.digest('hex')
}
