import type { Command } from './command'
import { seedDemo } from './seed-demo'

/** Every CLI command. Later features add theirs here (staff add/remove, job <name>, report <name>). */
export const commands: Command[] = [seedDemo]
