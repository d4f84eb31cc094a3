import { call, type Out } from '../api'
import { runSteps } from '../components/runSteps'

type Job = Out<'importStep'>

/** Steps a job until it is done or failed, reporting each slice; a stopped page can resume it later from the job list. */
export const runJob = (job: Job, onStep: (job: Job) => void, stopped: () => boolean = () => false): Promise<Job> =>
  runSteps(job, (j) => call('importStep', { jobId: j.jobId }), (j) => j.status === 'running', onStep, stopped)

export const percent = (job: Pick<Job, 'processed' | 'total' | 'status'>) =>
  job.status === 'done' ? 100 : job.total > 0 ? Math.min(100, Math.floor((job.processed / job.total) * 100)) : 0
