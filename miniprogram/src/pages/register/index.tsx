import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { RegisterInput, RegisterWithWeChatPhoneInput, SendCodeInput } from '@shared/member/schemas'
import { useI18n, usePageTitle } from '../../i18n'
import { call, type CallResult } from '../../services/api'
import { readInvite, useChannel } from '../../services/channel'
import Field from '../../components/Field'
import ProfileFields, { type ProfileDraft } from '../../components/ProfileFields'
import { Button, CellGroup, Checkbox, Input } from '../../ui'
import WeChatPhone from './WeChatPhone'
import { safeBackUrl } from '../../services/navigation'
import './index.scss'

const RESEND_SECONDS = 60

const toast = (title: string, icon: 'none' | 'success' = 'none') => Taro.showToast({ title, icon, duration: 2500 })

/** The first zod issue, in the schema's own Chinese words (the server would say the same). */
function firstIssue(result: { success: boolean; error?: { issues: Array<{ message: string }> } }): string | undefined {
  return result.success ? undefined : result.error?.issues[0]?.message
}

export default function RegisterPage() {
  useChannel()
  const { t } = useI18n()
  const { params } = useRouter()
  const [phone, setPhone] = useState('')
  const [smsCode, setSmsCode] = useState('')
  const [details, setDetails] = useState<ProfileDraft>({ nickname: '', birthday: '', region: [] })
  const [consent, setConsent] = useState(false)
  const [resendLeft, setResendLeft] = useState(0)
  const [sending, setSending] = useState(false)
  const [submitting, setSubmitting] = useState(false)

  useEffect(() => {
    if (resendLeft <= 0) return
    const timer = setTimeout(() => setResendLeft((s) => s - 1), 1000)
    return () => clearTimeout(timer)
  }, [resendLeft])

  usePageTitle(t.register.title)

  // Optional details: empty ones are left out rather than sent blank. The invite a friend's link
  // carried (this page's query, or an earlier page's: services/channel.ts) goes along.
  const profile = () => ({
    invite: readInvite(),
    nickname: details.nickname.trim() || undefined,
    birthday: details.birthday || undefined,
    gender: details.gender,
    region: details.region.length ? details.region : undefined,
  })

  const sendCode = async () => {
    if (resendLeft > 0 || sending) return
    const input = SendCodeInput.safeParse({ phone })
    const issue = firstIssue(input)
    if (issue) return toast(issue)
    setSending(true)
    const res = await call('member', 'sendCode', { phone })
    setSending(false)
    if (!res.ok) return toast(res.error.message)
    const wait = Math.ceil((Date.parse(res.data.resendAt) - Date.now()) / 1000)
    setResendLeft(wait > 0 && wait <= RESEND_SECONDS ? wait : RESEND_SECONDS)
    toast(t.register.codeSent, 'success')
  }

  const finish = (res: CallResult<{ created: boolean }>) => {
    if (!res.ok) return toast(res.error.message)
    toast(t.register.welcome, 'success')
    Taro.redirectTo({ url: safeBackUrl(params.back) })
  }

  const submit = async () => {
    if (!consent) return toast(t.register.consentRequired)
    const input = { phone, smsCode, ...profile() }
    const issue = firstIssue(RegisterInput.safeParse(input))
    if (issue) return toast(issue)
    setSubmitting(true)
    const res = await call('member', 'register', input)
    setSubmitting(false)
    finish(res)
  }

  const registerWithPhoneCode = async (phoneCode: string) => {
    const input = { phoneCode, ...profile() }
    const issue = firstIssue(RegisterWithWeChatPhoneInput.safeParse(input))
    if (issue) return toast(issue)
    setSubmitting(true)
    const res = await call('member', 'registerWithWeChatPhone', input)
    setSubmitting(false)
    finish(res)
  }

  return (
    <View className='page register'>
      <View className='register__intro'>{t.register.intro}</View>

      <WeChatPhone consent={consent} busy={submitting} onPhoneCode={registerWithPhoneCode} onNeedConsent={() => toast(t.register.consentRequired)} />

      <View className='section-title'>{t.register.or}</View>
      <CellGroup>
        <Field label={t.register.phone}>
          <Input id='register-phone' type='number' maxLength={11} placeholder={t.register.phonePlaceholder} value={phone} onChange={setPhone} />
        </Field>
        <Field label={t.register.smsCode}>
          <Input id='register-sms-code' type='number' maxLength={6} placeholder={t.register.smsCodePlaceholder} value={smsCode} onChange={setSmsCode} />
          <Button id='register-send-code' size='small' type='primary' fill='outline' disabled={resendLeft > 0} loading={sending} onClick={sendCode}>
            {resendLeft > 0 ? t.register.resendIn(resendLeft) : t.register.sendCode}
          </Button>
        </Field>
      </CellGroup>

      <View className='section-title'>{t.register.optional}</View>
      <ProfileFields idPrefix='register' value={details} onChange={setDetails} emptyLabel={t.register.choose} />

      <View className='register__consent'>
        <Checkbox id='register-consent' checked={consent} onChange={setConsent}>
          <Text className='register__consent-text'>{t.register.consent}</Text>
        </Checkbox>
      </View>

      <Button id='register-submit' type='primary' block loading={submitting} onClick={submit}>
        {submitting ? t.register.submitting : t.register.submit}
      </Button>
    </View>
  )
}
