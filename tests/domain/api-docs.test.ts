import { readFileSync } from 'node:fs'
import path from 'node:path'
import { Api } from '../../shared/api'
import { ErrorMessages } from '../../shared/errors'

/** docs/api.md must document the whole public surface, and nothing that no longer exists. */
const docs = readFileSync(path.resolve(__dirname, '../../docs/api.md'), 'utf8')
const section = (heading: string) => {
  const start = docs.indexOf(`\n## ${heading}\n`)
  if (start === -1) throw new Error(`docs/api.md has no "## ${heading}" section`)
  const end = docs.indexOf('\n## ', start + 1)
  return docs.slice(start, end === -1 ? undefined : end)
}

const actions = Object.entries(Api).flatMap(([fn, acts]) => Object.keys(acts).map((a) => `${fn}.${a}`))

describe('docs/api.md', () => {
  test.each(Object.keys(Api))('has a section for function %s', (fn) => {
    expect(docs).toContain(`\n## Function \`${fn}\`\n`)
  })

  test.each(actions)('documents action %s under its own heading', (name) => {
    expect(docs).toContain(`\n### \`${name}\`\n`)
  })

  test('documents no action that does not exist', () => {
    const documented = [...docs.matchAll(/^### `(\w+\.\w+)`$/gm)].map((m) => m[1])
    expect(documented.filter((a) => !actions.includes(a))).toEqual([])
  })

  test.each(Object.entries(ErrorMessages))('lists error code %s with its message', (code, message) => {
    expect(section('Error codes')).toContain(`| \`${code}\` | ${message} |`)
  })

  test('lists no error code that does not exist', () => {
    const listed = [...section('Error codes').matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1])
    expect(listed.filter((c) => !(c in ErrorMessages))).toEqual([])
  })
})
