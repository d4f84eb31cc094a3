/** Saves text as a file (a BOM first, so Excel opens Chinese CSV as UTF-8). */
export function downloadText(filename: string, text: string, type = 'text/csv;charset=utf-8') {
  const bom = type.startsWith('text/csv') && !text.startsWith('\uFEFF') ? '\uFEFF' : ''
  const url = URL.createObjectURL(new Blob([bom + text], { type }))
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
