/**
 * What reaching a CloudBase environment from this machine needs (npm run deploy, the CLI's cloud
 * commands, and the tests that run against a real environment), with where to find each value.
 */
export const CREDENTIALS = [
  ['TCB_ENV_ID', 'the environment id: CloudBase console (https://tcb.cloud.tencent.com) → 环境 → 环境总览 → 环境 ID'],
  ['TCB_SECRET_ID', 'SecretId of a Tencent Cloud API key: 访问管理 → API 密钥管理 (https://console.cloud.tencent.com/cam/capi)'],
  ['TCB_SECRET_KEY', 'SecretKey of the same API key (shown once when the key is created)'],
] as const

export function missingCredentials(env: NodeJS.ProcessEnv = process.env): string[] {
  return CREDENTIALS.filter(([name]) => !env[name]?.trim()).map(([name]) => name)
}
