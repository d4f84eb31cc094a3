import { cloudMain } from '../_lib/cloud'
import type { Deps } from '../_lib/deps'
import { defineFunction } from '../_lib/router'
import { me } from './me'
import { code } from './member-code'
import { register } from './register'
import { registerWithWeChatPhone } from './register-with-wechat-phone'
import { sendCode } from './send-code'
import { updateProfile } from './update-profile'
import { consentHandlers } from './consent'

/** Cloud function `member`: registration with phone verification, the member's card and profile. */
export const definition = defineFunction('member', { sendCode, register, registerWithWeChatPhone, me, code, updateProfile, ...consentHandlers })

/** For the local server and tests: the function built with injected dependencies. */
export const createMember = (deps: Deps) => definition.build(deps)

/** CloudBase entry point. */
export const main = cloudMain(definition)
