import { runContractSuite } from './suite'
import { cloudTarget, missingCloudVars } from './targets/cloud'

const missing = missingCloudVars()
if (missing.length > 0) {
  // Said plainly, and the tests are reported as skipped rather than passing without running.
  process.stderr.write(
    `\n[contract] SKIPPED the real-CloudBase half of the contract suite: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set.\n` +
      '[contract] Set TCB_ENV_ID, TCB_SECRET_ID and TCB_SECRET_KEY (an environment with the collections and indexes in tests/contract/indexes.json) to run it.\n\n',
  )
}

runContractSuite(cloudTarget, missing.length > 0 ? describe.skip : describe)
