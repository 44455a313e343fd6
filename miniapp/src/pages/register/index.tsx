import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Input, Text, View, type BaseEventOrig, type ButtonProps } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { ApiError, HOME_URL, request } from '../../api/client'
import { fieldErrors, messageFor } from '../../api/messages'
import { isWeapp, phoneCodeFromDev } from '../../platform'
import { getSession, takeReturnTo, updateSession } from '../../session'
import { queueConsent } from '../../components/consent'
import { markWelcome } from '../../components/welcome'
import { forgetLaunchStore, launchGrowthCodes, launchStore } from '../../platform/attribution'
import { RebindOffer } from '../../components/rebind'
import { PrivacySheet } from '../../components/privacy'
import { useResource } from '../../kit'
import './index.scss'

const PHONE = /^1\d{10}$/

/** Opens an agreement without ticking the box the link sits in. */
const openDoc = (url: string) => (e: { stopPropagation: () => void }) => {
  e.stopPropagation()
  void Taro.navigateTo({ url })
}

export default function Register() {
  const [consent, setConsent] = useState(false)
  const [phone, setPhone] = useState('')
  const [pending, setPending] = useState(false)
  const [error, setError] = useState('')
  const [phoneError, setPhoneError] = useState('')
  // The phone belongs to a member on another WeChat account: she may ask to move it here (换绑).
  const [taken, setTaken] = useState(false)
  // The agreements' versions in force: she consents to these, and registration records them.
  const terms = useResource('currentPolicy', { params: { kind: 'terms' }, reloadOnShow: false })
  const privacy = useResource('currentPolicy', { params: { kind: 'privacy' }, reloadOnShow: false })
  const policyVersions = terms.data && privacy.data ? { terms: terms.data.version, privacy: privacy.data.version } : undefined

  async function register(phoneCode: string) {
    const storeId = launchStore()
    // A clerk's QR or a member's invitation (issue 19): an unknown or stale code is ignored by the server.
    const agreed = { ...(policyVersions ? { policyVersions } : {}), ...launchGrowthCodes() }
    let res
    try {
      res = await request('register', { body: { phoneCode, consent: true, ...agreed, ...(storeId ? { storeId } : {}) } })
    } catch (e) {
      // A poster of a store that no longer exists must not stop her: register without it (the
      // store is checked before the phone code is spent).
      if (!storeId || !fieldErrors(e).storeId) throw e
      forgetLaunchStore()
      res = await request('register', { body: { phoneCode, consent: true, ...agreed } })
    }
    forgetLaunchStore()
    updateSession({ memberId: res.id })
    Taro.showToast({ title: res.bound ? '已绑定会员' : '注册成功', icon: 'success' }).catch(() => undefined)
    // The member home welcomes her: the 新人礼 in her wallet and the points she was given.
    markWelcome({ points: res.points.balance, bound: res.bound })
    // A natural moment to ask for care-message consent (birthday, points, coupons): on the member home.
    queueConsent('register')
    // A link she opened before signing in (a scanned product code, a campaign) completes now.
    const back = takeReturnTo()
    await Taro.reLaunch({ url: back ?? HOME_URL })
  }

  function showError(e: unknown) {
    if (e instanceof ApiError && e.code === 'policy_outdated') {
      // The agreements changed while the page was open: show the new versions and ask again.
      setConsent(false)
      void terms.reload()
      void privacy.reload()
      setError('协议已更新，请重新阅读《会员服务协议》和《隐私政策》后再注册')
      return
    }
    if (e instanceof ApiError && e.code === 'phone_bound_elsewhere') {
      setPhoneError('该手机号已绑定其他微信')
      setTaken(true)
      return
    }
    const fields = fieldErrors(e)
    if (fields.phoneCode || (e instanceof ApiError && e.code === 'invalid_phone_code')) {
      setPhoneError(e instanceof ApiError && e.status === 422 ? '手机号授权已失效，请重新授权' : '手机号授权无效，请重试')
      return
    }
    if (fields.consent) setError('请先阅读并同意隐私政策')
    else setError(e instanceof ApiError ? messageFor(e) : '注册失败，请重试')
  }

  function checkReady(): boolean {
    setError('')
    setPhoneError('')
    setTaken(false)
    if (!getSession()) {
      setError('请先登录')
      return false
    }
    if (!consent) {
      setError('请先阅读并同意隐私政策')
      return false
    }
    return true
  }

  /** H5: the stand-in mints the code the getPhoneNumber button would give. */
  async function submitH5() {
    if (pending || !checkReady()) return
    if (!PHONE.test(phone)) {
      setPhoneError('请输入 11 位手机号')
      return
    }
    setPending(true)
    try {
      await register(await phoneCodeFromDev(phone))
    } catch (e) {
      showError(e)
    } finally {
      setPending(false)
    }
  }

  /** weapp: the getPhoneNumber button answers e.detail.code (each call is billed: one per tap). */
  async function onGetPhoneNumber(e: BaseEventOrig<ButtonProps.onGetPhoneNumberEventDetail>) {
    if (pending || !checkReady()) return
    const code = (e.detail as { code?: string }).code
    if (!code) {
      setError('未授权手机号，无法注册')
      return
    }
    setPending(true)
    try {
      await register(code)
    } catch (err) {
      showError(err)
    } finally {
      setPending(false)
    }
  }

  return (
    <View className='page register'>
      <View className='card'>
        <View className='title'>注册会员</View>
        <View className='notice'>
          <Text className='notice-title'>隐私说明</Text>
          <Text className='notice-body'>
            我们将使用你的微信手机号识别会员身份、累计积分和等级。门店店员只能看到打码后的手机号。注册后，你可以随时在「我的 › 我的数据」中导出或删除个人信息：
          </Text>
          <Text id='register-data-rights' className='consent-link' onClick={openDoc('/member/data/index')}>
            了解如何导出或删除
          </Text>
        </View>
        <View className='consent-line'>
          <View id='consent-checkbox' className={`consent ${consent ? 'checked' : ''}`} onClick={() => setConsent((c) => !c)}>
            <View className='box'>{consent ? '✓' : ''}</View>
            <Text className='consent-text'>我已阅读并同意</Text>
          </View>
          <Text id='register-terms' className='consent-link' onClick={openDoc('/member/terms/index')}>
            《会员服务协议》
          </Text>
          <Text className='consent-text'>和</Text>
          <Text id='register-privacy' className='consent-link' onClick={openDoc('/member/privacy/index')}>
            《隐私政策》
          </Text>
        </View>

        {isWeapp ? (
          <View className='actions'>
            {consent && !pending ? (
              // Only a consenting, idle member gets the real button: each phone lookup is billed.
              <Button type='primary' block openType='getPhoneNumber' onGetPhoneNumber={onGetPhoneNumber}>
                微信手机号授权并注册
              </Button>
            ) : (
              <Button type='primary' block loading={pending} disabled={pending} onClick={() => checkReady()}>
                微信手机号授权并注册
              </Button>
            )}
          </View>
        ) : (
          <View className='actions'>
            <View className='field'>
              <Text className='label'>手机号（H5 模拟微信手机号授权）</Text>
              <Input
                id='phone-input'
                className='input'
                type='number'
                maxlength={11}
                placeholder='11 位手机号'
                value={phone}
                onInput={(e) => setPhone(e.detail.value)}
              />
            </View>
            <Button id='phone-submit' type='primary' block loading={pending} disabled={pending} onClick={submitH5}>
              授权手机号并注册
            </Button>
          </View>
        )}
        {phoneError ? (
          <View id='register-phone-error' className='error'>
            {phoneError}
          </View>
        ) : null}
        {error ? (
          <View id='register-error' className='error'>
            {error}
          </View>
        ) : null}
        {taken ? <RebindOffer phone={phone} /> : null}
      </View>
      <PrivacySheet />
    </View>
  )
}
