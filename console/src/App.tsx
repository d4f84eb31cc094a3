import { Button, Result, Spin } from 'antd'
import { useEffect, useState } from 'react'
import { call } from './api'
import { ErrorAlert } from './components/ErrorAlert'
import { Layout } from './Layout'
import { OperatorContext, type Operator } from './operator'
import { SignIn } from './pages/SignIn'
import { currentSession, onSessionChange, setSession } from './session'

/** Signed out: the sign-in page. Signed in: admin.me, then the layout with the operator known to every page. */
export function App() {
  const [session, setSessionState] = useState(currentSession)
  const [operator, setOperator] = useState<Operator | null>(null)
  const [error, setError] = useState<unknown>(null)

  useEffect(() => onSessionChange(() => setSessionState(currentSession())), [])
  useEffect(() => {
    setOperator(null)
    setError(null)
    if (!session) return
    call('me', {}).then(setOperator, setError)
  }, [session])

  if (!session) return <SignIn />
  if (error) {
    return (
      <Result
        status="warning"
        title="无法进入管理后台"
        extra={
          <>
            <ErrorAlert error={error} />
            <Button onClick={() => setSession(null)}>换个账号登录</Button>
          </>
        }
      />
    )
  }
  if (!operator) return <Spin size="large" fullscreen tip="正在加载…" />
  return (
    <OperatorContext.Provider value={operator}>
      <Layout />
    </OperatorContext.Provider>
  )
}
