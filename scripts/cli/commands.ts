import { couponIssue, couponList, couponTemplate, mallItem, mallList, mallRestock, mallVouchers } from './catalogue'
import type { Command } from './command'
import { reportCommands } from './report'
import { configSet, configShow } from './config'
import { runJob } from './job'
import { ledgerExport, memberExport, memberImport } from './members'
import { seedDemo } from './seed-demo'
import { staffAdd, staffList, staffRemove, storeAdd } from './staff'
import { tierGrant, tierPlan, tierPublish } from './tier'
import { staffPassword } from './console-login'

/** Every CLI command. Later features add theirs here (staff add/remove, job <name>, report <name>). */
export const commands: Command[] = [
  seedDemo,
  staffAdd,
  staffRemove,
  staffList,
  staffPassword,
  storeAdd,
  runJob,
  configShow,
  configSet,
  tierGrant,
  tierPlan,
  tierPublish,
  couponTemplate,
  couponIssue,
  couponList,
  mallItem,
  mallRestock,
  mallVouchers,
  mallList,
  ...reportCommands,
  memberImport,
  memberExport,
  ledgerExport,
]
