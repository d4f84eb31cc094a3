import { addDays, isoWeekday } from '@shared/day'

/** 'YYYY-MM' moved by `n` months ('2027-01', -1 → '2026-12'). */
export function shiftMonth(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number)
  const index = y * 12 + (m - 1) + n
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`
}

/**
 * The cells of a month's grid, Monday first: null for the blanks before the 1st and after the
 * last day, so every row has seven cells.
 */
export function monthCells(month: string): Array<string | null> {
  const first = `${month}-01`
  const cells: Array<string | null> = Array.from({ length: isoWeekday(first) - 1 }, () => null)
  for (let day = first; day.startsWith(month); day = addDays(day, 1)) cells.push(day)
  while (cells.length % 7 !== 0) cells.push(null)
  return cells
}
