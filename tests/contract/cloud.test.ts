import { runContractSuite } from './suite'
import { missingCredentials } from '../../scripts/cloud-credentials'
import { cloudTarget } from './targets/cloud'

const missing = missingCredentials()
if (missing.length > 0) {
  // Said plainly, and the tests are reported as skipped rather than passing without running.
  process.stderr.write(
    `\n[cloud] SKIPPED the real-CloudBase half of the contract suite and the handler tests (jest project handlers-cloud): ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set.\n` +
      '[cloud] Set TCB_ENV_ID, TCB_SECRET_ID and TCB_SECRET_KEY to run them (docs/deploy.md, "Tests against a real environment").\n\n',
  )
}

runContractSuite(cloudTarget, missing.length > 0 ? describe.skip : describe)
