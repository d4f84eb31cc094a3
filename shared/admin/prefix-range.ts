/**
 * A prefix search as a range that an ascending index serves: `from <= s < below` holds exactly for
 * the strings `s` that start with `prefix`, in MongoDB's string order (UTF-8 bytes, so code points).
 * `below` is the prefix with its last character moved on by one code point, not `prefix + '\uffff'`:
 * that bound would leave out names where an emoji (above U+FFFF) follows the prefix. Null: no upper bound.
 */
export function prefixRange(prefix: string): { from: string; below: string | null } {
  const chars = [...prefix]
  while (chars.length > 0) {
    const last = chars.pop()!.codePointAt(0)!
    // Past U+10FFFF there is nothing: the bound moves to the character before.
    if (last < 0x10ffff) return { from: prefix, below: chars.join('') + String.fromCodePoint(last + 1 === 0xd800 ? 0xe000 : last + 1) }
  }
  return { from: prefix, below: null }
}
