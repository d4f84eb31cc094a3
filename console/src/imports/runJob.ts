import { call, type Out } from '../api'

type Job = Out<'importStep'>

/** Steps a job until it is done or failed, reporting each slice; a stopped page can resume it later from the job list. */
export async function runJob(job: Job, onStep: (job: Job) => void, stopped: () => boolean = () => false): Promise<Job> {
  let current = job
  onStep(current)
  while (current.status === 'running' && !stopped()) {
    current = await call('importStep', { jobId: current.jobId })
    onStep(current)
  }
  return current
}

export const percent = (job: Pick<Job, 'processed' | 'total' | 'status'>) =>
  job.status === 'done' ? 100 : job.total > 0 ? Math.min(100, Math.floor((job.processed / job.total) * 100)) : 0
