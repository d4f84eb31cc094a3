import type { Command } from './command'
import { configSet, configShow } from './config'
import { runJob } from './job'
import { seedDemo } from './seed-demo'

/** Every CLI command. Later features add theirs here (staff add/remove, job <name>, report <name>). */
export const commands: Command[] = [seedDemo, runJob, configShow, configSet]
