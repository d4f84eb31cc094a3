import type { Collection, Doc, Harness } from '../harness'

/** An _id that belongs to this test (tests may share a real environment). */
export const idFor = (h: Harness, name: string) => `${h.tag}-${name}`

/** Adds documents tagged with this test's tag; returns their ids. */
export async function seed(h: Harness, coll: Collection, docs: Doc[]): Promise<string[]> {
  const res = await h.db.collection(coll).add(docs.map((d) => ({ t: h.tag, ...d })))
  return (res as { ids: string[] }).ids
}

/** This test's documents matching `filter`, as the SDK reads them. */
export const mine = (h: Harness, coll: Collection, filter: Doc = {}) => h.db.collection(coll).where({ t: h.tag, ...filter })

/** Awaits a promise expected to fail with CloudBase error `code`, returning the error. */
export async function failsWith(p: Promise<unknown>, code: string): Promise<{ code: string; message: string }> {
  let caught: unknown
  try {
    await p
  } catch (err) {
    caught = err
  }
  // The SDK's TcbError: a stable code to branch on, plus message and requestId.
  expect(caught).toMatchObject({ code, message: expect.any(String), requestId: expect.any(String) })
  return caught as { code: string; message: string }
}

export const byId = (docs: Doc[]) => Object.fromEntries(docs.map((d) => [d._id, d]))
