/**
 * The embedded local CloudBase: a SQLite-backed document store that answers the database
 * requests of `@cloudbase/node-sdk`, and the in-process redirect of the SDK's transport to it.
 * See README.md in this folder.
 */
export { openLocalStore, DEFAULT_INDEXES_FILE, type LocalStore, type LocalStoreOptions, type StoreResponse } from './store'
export { useLocalStore } from './transport'
export type { StoreErrorCode } from './errors'
export { observePlans, type PlanEvent, type PlanListener } from './plan-observer'
