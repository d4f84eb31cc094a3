import { readFileSync } from 'node:fs'
import { Password, Username } from '../../shared/admin/schemas'
import { setLogin } from '../../cloudfunctions/_lib/console-auth'
import { staffByOpenid } from '../../cloudfunctions/_lib/staff-records'
import { CliError, type Command } from './command'
import { required } from './flags'

/**
 * `staff password`: gives a manager or admin a console login for production mode (username and
 * password; the password is stored only as an scrypt hash). `--password-stdin` keeps it out of the
 * shell history.
 */
export const staffPassword: Command = {
  words: ['staff', 'password'],
  usage: '--openid O --username U (--password P | --password-stdin)',
  summary: 'set a manager\'s or admin\'s console username and password (production sign-in)',
  options: { openid: { type: 'string' }, username: { type: 'string' }, password: { type: 'string' }, 'password-stdin': { type: 'boolean' } },
  async run(ctx) {
    const openid = required(ctx, 'openid')
    const username = Username.safeParse(required(ctx, 'username'))
    if (!username.success) throw new CliError(`--username: ${username.error.issues[0]?.message}`)
    const raw = ctx.values['password-stdin'] ? readFileSync(0, 'utf8').replace(/\r?\n$/, '') : required(ctx, 'password')
    const password = Password.safeParse(raw)
    if (!password.success) throw new CliError(`password: ${password.error.issues[0]?.message}`)
    const { deps } = ctx.runtime()
    const staff = await staffByOpenid(deps.db, openid)
    if (!staff || !staff.active) throw new CliError(`no active staff account ${openid}: add it first with staff add`)
    if (staff.role === 'clerk') throw new CliError(`${openid} is a clerk: only managers and admins sign in to the console`)
    await setLogin(deps.db, username.data, openid, password.data, deps.now())
    return { json: { openid, username: username.data.toLowerCase(), role: staff.role }, text: `console login ${username.data.toLowerCase()} set for ${openid} (${staff.role})` }
  },
}
