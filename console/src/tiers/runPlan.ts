import { call, type Out } from '../api'

type Plan = Out<'tierPlan'>

/** Steps a tier-plan preview until it is done, reporting each step; a closed page (or a newer preview) stops asking. */
export async function runPlan(plan: Plan, onStep: (plan: Plan) => void, stopped: () => boolean = () => false): Promise<Plan> {
  let current = plan
  if (!stopped()) onStep(current)
  while (current.status === 'running' && !stopped()) {
    current = await call('tierPlanStep', { planId: current.planId })
    if (!stopped()) onStep(current)
  }
  return current
}
