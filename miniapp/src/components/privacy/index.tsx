/**
 * The privacy sheet WeChat asks for before a privacy API (phone, scan, subscribe) on weapp: what we
 * collect and why, a link to the 隐私政策, and WeChat's agree button
 * (`open-type="agreePrivacyAuthorization"`). Renders nothing until WeChat holds a call, and nothing on H5.
 * Placed on the pages that use those APIs (register, scan, the subscription card, the till).
 */
import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import { PRIVACY_AGREE_BUTTON_ID, answerPrivacy, onPrivacyRequest, openPrivacyContract } from '../../platform/privacy'
import './privacy.scss'

export function PrivacySheet() {
  const [open, setOpen] = useState(false)
  useEffect(() => onPrivacyRequest(setOpen), [])
  if (!open) return null
  const readPolicy = () => {
    if (!openPrivacyContract()) void Taro.navigateTo({ url: '/member/privacy/index' })
  }
  return (
    <View className='privacy-mask'>
      <View id='privacy-sheet' className='privacy-sheet'>
        <View className='privacy-title'>隐私保护提示</View>
        <View className='privacy-body'>
          使用微信手机号、扫码和消息订阅前，请阅读
          <Text id='privacy-policy-link' className='privacy-link' onClick={readPolicy}>
            《隐私政策》
          </Text>
          。我们仅用这些信息识别会员身份、累计积分和发送你同意接收的提醒。
        </View>
        <View className='privacy-actions'>
          <Button id='privacy-disagree' className='privacy-button' onClick={() => answerPrivacy(false)}>
            不同意
          </Button>
          <Button id={PRIVACY_AGREE_BUTTON_ID} className='privacy-button privacy-agree' openType='agreePrivacyAuthorization' onAgreePrivacyAuthorization={() => answerPrivacy(true)}>
            同意并继续
          </Button>
        </View>
      </View>
    </View>
  )
}
