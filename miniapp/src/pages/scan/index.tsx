import { useRef, useState } from 'react'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { Input, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { ScanResponse } from '@shared/contract'
import { extractProductCode, groupProductCode } from '@shared/domain/product-codes'
import { request } from '../../api/client'
import { isWeapp, scanCode } from '../../platform'
import { PrivacySheet } from '../../components/privacy'
import { currentUrl, getSession, rememberReturnTo } from '../../session'
import { COUPON_NOTE, scanErrorText } from './labels'
import './index.scss'

const PRODUCTS_URL = '/member/products/index'

/**
 * Scan the code on a product's packaging: the camera on weapp, typing on H5. WeChat also opens this
 * page for a printed code's URL (q=<the URL>), and links give c=<code>: then it scans at once.
 */
export default function Scan() {
  const router = useRouter()
  const [text, setText] = useState('')
  const [pending, setPending] = useState(false)
  const [result, setResult] = useState<ScanResponse | null>(null)
  const [error, setError] = useState('')
  const [signedIn, setSignedIn] = useState(true)
  const [hasSession, setHasSession] = useState(true)
  // A code that came with the page is sent once, not again on every show.
  const opened = useRef<string | null>(null)

  async function submit(raw: string) {
    if (pending) return
    const input = raw.trim()
    if (!input) {
      setError('请输入或扫描商品上的防伪码')
      return
    }
    // The backend checks the signature; here only what cannot be a code at all is stopped.
    const code = extractProductCode(input)
    if (!code) {
      setError('无效的防伪码，请核对后重试')
      return
    }
    setPending(true)
    setError('')
    setResult(null)
    try {
      const r = await request('scanProductCode', { body: { code } })
      setResult(r)
      setText('')
    } catch (e) {
      setError(scanErrorText(e))
    } finally {
      setPending(false)
    }
  }

  useDidShow(() => {
    const s = getSession()
    setSignedIn(!!s?.memberId)
    setHasSession(!!s)
    const given = router.params.c ?? (router.params.q ? decodeURIComponent(router.params.q) : '')
    const code = given ? extractProductCode(given) : null
    // Not a member yet: the code waits through sign-in and registration, then this page opens again.
    if (code && !s?.memberId) rememberReturnTo(currentUrl())
    if (code && opened.current !== code) {
      opened.current = code
      setText(groupProductCode(code))
      if (s?.memberId) void submit(code)
    }
  })

  async function camera() {
    const read = await scanCode()
    if (read) {
      setText(read)
      await submit(read)
    }
  }

  if (!signedIn) {
    return (
      <View className='page scan-page'>
        <View className='card'>
          <View className='title'>扫码积分</View>
          <View id='scan-signed-out' className='muted'>
            {text
              ? `已记下防伪码 ${text}。${hasSession ? '注册会员' : '登录并注册会员'}后将自动为你领取积分和延保。`
              : '请先登录并注册会员，再扫描商品防伪码领取积分和延保'}
          </View>
          <View className='actions'>
            <Button
              id='scan-go-home'
              type='primary'
              block
              onClick={() => void Taro.reLaunch({ url: hasSession ? '/pages/register/index' : '/pages/index/index' })}
            >
              {hasSession ? '去注册' : '去登录'}
            </Button>
          </View>
        </View>
      </View>
    )
  }

  return (
    <View className='page scan-page'>
      <View className='card'>
        <View className='title'>扫码积分</View>
        <View className='muted'>扫描商品包装上的防伪码，每个码仅可使用一次，可获得积分、赠券和延长保修。</View>
        {isWeapp ? (
          <Button id='scan-camera' className='scan-big' type='primary' block loading={pending} disabled={pending} onClick={() => void camera()}>
            扫一扫
          </Button>
        ) : null}
        <View className='field scan-big'>
          <Text className='label'>{isWeapp ? '或手动输入防伪码' : '输入防伪码（18 位）'}</Text>
          <Input
            id='scan-code-input'
            className='input'
            maxlength={40}
            placeholder='如 0000-8001-3QXZ-7HT2K9'
            value={text}
            onInput={(e) => setText(e.detail.value)}
            onConfirm={() => void submit(text)}
          />
        </View>
        <Button id='scan-submit' type={isWeapp ? 'default' : 'primary'} block loading={pending} disabled={pending} onClick={() => void submit(text)}>
          提交
        </Button>
        {error ? (
          <View id='scan-error' className='error'>
            {error}
          </View>
        ) : null}
      </View>

      {result ? (
        <View id='scan-result' className='card' data-code={result.code} data-replayed={result.replayed ? 'true' : 'false'}>
          <View className='result-title'>{result.replayed ? '该码您已使用过' : '扫码成功'}</View>
          <View id='scan-result-product' className='result-product'>
            {result.product.name}
          </View>
          <View className='result-line'>
            <Text>获得积分</Text>
            <Text id='scan-result-points' className='result-points'>
              +{result.points}
            </Text>
          </View>
          <View className='result-line'>
            <Text>当前积分</Text>
            <Text id='scan-result-balance'>{result.balance}</Text>
          </View>
          {result.warranty ? (
            <View className='result-line'>
              <Text>延长保修</Text>
              <Text id='scan-result-warranty'>
                {result.warranty.months} 个月，至 {result.warranty.until}
              </Text>
            </View>
          ) : null}
          {result.coupon ? (
            <View className='result-line'>
              <Text>赠券</Text>
              <Text id='scan-result-coupon'>
                {result.coupon.name}（{result.coupon.summary}）
              </Text>
            </View>
          ) : result.couponNote ? (
            <View className='result-line'>
              <Text>赠券</Text>
              <Text id='scan-result-coupon-note' className='muted'>
                {COUPON_NOTE[result.couponNote] ?? '本次未获得赠券'}
              </Text>
            </View>
          ) : null}
          <View className='actions'>
            <Button id='scan-to-products' block onClick={() => void Taro.navigateTo({ url: PRODUCTS_URL })}>
              我的产品与保修
            </Button>
          </View>
        </View>
      ) : null}
      <PrivacySheet />
    </View>
  )
}
