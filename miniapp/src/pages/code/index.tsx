import { useEffect, useRef, useState } from 'react'
import { useDidHide, useDidShow, useUnload } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { MEMBER_CODE_TTL_SECONDS } from '@shared/domain/member-code'
import { request } from '../../api/client'
import { messageFor } from '../../api/messages'
import Barcode from '../../components/barcode/Barcode'
import QrCode from '../../components/qr/QrCode'
import { isWeapp } from '../../platform'
import './index.scss'

interface Shown {
  /** 18 digits; kept a string (it exceeds 2^53). */
  code: string
  /** Local epoch ms at which the code stops working. */
  deadline: number
}

/** 4-4-4-4-2 groups, for reading aloud or typing at the till. */
function group(code: string): string {
  return code.replace(/(\d{4})(?=\d)/g, '$1 ')
}

export default function MemberCode() {
  const [shown, setShown] = useState<Shown | null>(null)
  const [now, setNow] = useState(() => Date.now())
  const [pending, setPending] = useState(false)
  const [error, setError] = useState('')
  const visible = useRef(false)
  const inFlight = useRef(false)

  async function refresh() {
    if (inFlight.current) return
    inFlight.current = true
    setPending(true)
    try {
      const res = await request('issueMemberCode')
      const fetchedAt = Date.now()
      // Trust the server's expiry, within the code's known lifetime (guards against a skewed clock).
      const ttl = Math.min(Math.max(Date.parse(res.expiresAt) - fetchedAt, 5_000), MEMBER_CODE_TTL_SECONDS * 1000)
      setShown({ code: res.code, deadline: fetchedAt + ttl })
      setNow(fetchedAt)
      setError('')
    } catch (e) {
      setError(messageFor(e))
    } finally {
      inFlight.current = false
      setPending(false)
    }
  }

  useDidShow(() => {
    visible.current = true
    if (!shown || shown.deadline <= Date.now()) void refresh()
  })
  useDidHide(() => {
    visible.current = false
  })
  useUnload(() => {
    visible.current = false
  })

  // Countdown; a fresh code as soon as the shown one expires.
  useEffect(() => {
    const timer = setInterval(() => {
      const t = Date.now()
      setNow(t)
      if (visible.current && shown && t >= shown.deadline && !inFlight.current) void refresh()
    }, 1000)
    return () => clearInterval(timer)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shown])

  const seconds = shown ? Math.max(0, Math.ceil((shown.deadline - now) / 1000)) : 0

  return (
    <View className='page member-code'>
      <View className='card code-card'>
        <View className='muted'>向店员出示此码，积分自动累计</View>
        {shown ? (
          <>
            <View className='barcode-box'>
              <Barcode id='code-barcode' digits={shown.code} moduleSize={2} height={64} />
            </View>
            <Text id='code-digits' className='digits' data-code={shown.code} userSelect>
              {group(shown.code)}
            </Text>
            <View className='qr-box'>
              <QrCode id='code-qr' text={shown.code} moduleSize={isWeapp ? 5 : 6} quietZone={4} />
            </View>
            <View id='code-countdown' className='muted countdown'>
              {seconds > 0 ? `${seconds} 秒后自动刷新` : '正在刷新…'}
            </View>
          </>
        ) : (
          <View className='muted placeholder'>{pending ? '正在生成会员码…' : ''}</View>
        )}
        {error ? <View className='error'>{error}</View> : null}
        <View className='actions'>
          <Button id='code-refresh' type='primary' block loading={pending} disabled={pending} onClick={() => void refresh()}>
            刷新
          </Button>
        </View>
        <View className='muted'>会员码仅限一次使用，请勿截图发给他人</View>
      </View>
    </View>
  )
}
