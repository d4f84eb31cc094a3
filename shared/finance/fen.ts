import { pointsToFen, type PointValue } from './liability'

/**
 * Signed points in fen at the point value: a figure that can go negative (a month whose refunds
 * exceed its issue) rounds its magnitude half up, like pointsToFen, so −x is −(x in fen). Each report
 * converts each figure once, from its points, never by adding fen already rounded.
 */
export const fenOf = (points: number, value: PointValue): number => (points < 0 ? -pointsToFen(-points, value) : pointsToFen(points, value))
