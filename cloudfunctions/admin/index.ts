import { cloudConsoleMain } from '../_lib/cloud'
import { defineFunction, type FunctionDefinition } from '../_lib/router'
import { login, logout, me } from './auth'
import { catalogue, restock, saveCatalogue } from './catalogue'
import { changes } from './changes'
import { exportPage, importErrors, imports, importStart, importStep, upload } from './imports'
import { adjustPoints, grantTier, issueCoupon } from './adjust'
import { member, searchMembers, timeline } from './members'
import { report } from './reports'
import { saveSettings, settings } from './settings'
import { tierPlan, tierPlanStep, tierPublish, tiers } from './tiers'
import { insightHandlers } from './insight'
import { campaignHandlers } from './campaigns'
import { webhookHandlers } from './webhooks'

/**
 * Cloud function `admin`: the merchant console's back end. Every action but `login` needs an
 * operator (a manager or an admin staff record), identified by a console session or, in local
 * mode, by the dev header. Every change is recorded in `operator_changes`.
 */
export const definition: FunctionDefinition<'admin'> = defineFunction(
  'admin',
  {
    login,
    logout,
    me,
    settings,
    saveSettings,
    tiers,
    tierPlan,
    tierPlanStep,
    tierPublish,
    catalogue,
    saveCatalogue,
    restock,
    upload,
    changes,
    searchMembers,
    member,
    timeline,
    adjustPoints,
    grantTier,
    issueCoupon,
    report,
    importStart,
    importStep,
    imports,
    importErrors,
    exportPage,
    ...insightHandlers,
    ...campaignHandlers,
    ...webhookHandlers,
  },
  { open: ['login'] },
)

export const main = cloudConsoleMain(definition)
