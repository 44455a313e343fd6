/**
 * A staff invite as its maker shows it (issue 16): the QR code of the join page with the code, the code
 * itself in two groups of five (read out or typed), 24 h validity and single use, and a copy of the link.
 * Used by the manager's team page and the admin's stores page.
 */
import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { Invite } from '@shared/contract'
import QrCode from '../qr/QrCode'
import { formatTime } from '../../utils/format'
import './invite.scss'

export const POSITION_TEXT: Record<Invite['position'], string> = { clerk: '店员', manager: '店长' }

/** ABCDEFGHJK → ABCDE-FGHJK: easier to read out; the join page takes it with or without the dash. */
export const groupedCode = (code: string) => `${code.slice(0, 5)}-${code.slice(5)}`

export function InviteCard({ invite, onClose }: { invite: Invite; onClose: () => void }) {
  const [copied, setCopied] = useState('')
  const link = `/${invite.path}`
  const copy = async () => {
    try {
      await Taro.setClipboardData({ data: link })
      setCopied('邀请链接已复制，可发给对方在微信中打开')
    } catch {
      setCopied('复制失败，请让对方扫码或输入邀请码')
    }
  }
  return (
    <View id='invite-card' className='card invite-card' data-code={invite.code} data-path={link}>
      <View className='section-title'>
        邀请{POSITION_TEXT[invite.position]}加入「{invite.storeName}」
      </View>
      <View className='invite-qr'>
        <QrCode id='invite-qr' text={link} moduleSize={5} />
      </View>
      <View className='muted'>请对方用微信扫码，或在「加入门店」页输入邀请码：</View>
      <View id='invite-code' className='invite-code'>
        {groupedCode(invite.code)}
      </View>
      <View id='invite-validity' className='muted'>
        24 小时内有效（至 {formatTime(invite.expiresAt)}），仅限一人使用。
      </View>
      <View className='actions'>
        <Button id='invite-copy' block onClick={() => void copy()}>
          复制邀请链接
        </Button>
        <Button id='invite-close' block type='default' onClick={onClose}>
          完成
        </Button>
      </View>
      {copied ? <View className='muted'>{copied}</View> : null}
    </View>
  )
}
