import { runContractSuite } from './suite'
import { localTarget } from './targets/local'

runContractSuite(localTarget)
