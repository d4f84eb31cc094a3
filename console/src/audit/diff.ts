/** A value flattened to dotted paths ('rate.points' → 10), arrays by index; empty objects and arrays stay as leaves. */
export function flatten(value: unknown, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  if (value !== null && typeof value === 'object' && Object.keys(value as object).length > 0) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) flatten(v, prefix ? `${prefix}.${k}` : k, out)
  } else if (prefix || value !== undefined) {
    out[prefix] = value
  }
  return out
}

export type DiffRow = { path: string; before: unknown; after: unknown; change: 'added' | 'removed' | 'changed' }

/** What differs between two versions of a document, path by path. */
export function diff(before: unknown, after: unknown): DiffRow[] {
  const a = flatten(before)
  const b = flatten(after)
  const paths = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()
  return paths.flatMap((path): DiffRow[] => {
    const inA = path in a
    const inB = path in b
    if (inA && inB && JSON.stringify(a[path]) === JSON.stringify(b[path])) return []
    return [{ path: path || '(整个值)', before: a[path], after: b[path], change: !inA ? 'added' : !inB ? 'removed' : 'changed' }]
  })
}
