import { call, type Out } from '../api'
import { runSteps } from '../components/runSteps'

type Plan = Out<'tierPlan'>

/** Steps a tier-plan preview until it is done, reporting each step; a closed page (or a newer preview) stops asking and hears nothing more. */
export const runPlan = (plan: Plan, onStep: (plan: Plan) => void, stopped: () => boolean = () => false): Promise<Plan> =>
  runSteps(
    plan,
    (p) => call('tierPlanStep', { planId: p.planId }),
    (p) => p.status === 'running',
    (p) => {
      if (!stopped()) onStep(p)
    },
    stopped,
  )
