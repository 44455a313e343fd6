import { useEffect, useRef, useState } from 'react'
import Taro from '@tarojs/taro'
import { Input, Picker, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { MemberProfile, UpdateProfileRequest } from '@shared/contract'
import { ApiError, request } from '../../api/client'
import { fieldErrors, messageFor } from '../../api/messages'
import { ChoiceChips, ErrorNote, useResource } from '../../kit'
import './index.scss'

type Gender = NonNullable<MemberProfile['gender']>

const GENDERS: { value: Gender; label: string }[] = [
  { value: 'female', label: '女' },
  { value: 'male', label: '男' },
  { value: 'unspecified', label: '不透露' },
]

/** Chinese wording for each field the backend rejects (its own messages are English). */
const FIELD_MESSAGES: Record<string, string> = {
  name: '请填写 1–40 个字的姓名',
  gender: '请选择性别',
  birthday: '请选择有效的生日',
}

function today(): string {
  const d = new Date()
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`
}

export default function Profile() {
  const me = useResource('getMe')
  const profile = me.data
  const [name, setName] = useState('')
  const [gender, setGender] = useState<Gender | null>(null)
  const [birthday, setBirthday] = useState<string | null>(null)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [error, setError] = useState('')
  const [saving, setSaving] = useState(false)
  const [reward, setReward] = useState(0)
  const complete = !!(profile?.name && profile.gender && profile.birthday)

  // The form shows what was last loaded or saved, unless she has started editing (a reload arriving
  // while she types must not wipe what she typed).
  const edited = useRef(false)
  const edit = <T,>(set: (v: T) => void) => (v: T) => {
    edited.current = true
    set(v)
  }
  useEffect(() => {
    if (!me.data || edited.current) return
    setName(me.data.name ?? '')
    setGender(me.data.gender)
    setBirthday(me.data.birthday)
  }, [me.data])
  const fill = (p: MemberProfile) => me.setData(p)

  async function save() {
    if (!profile || saving) return
    const patch: UpdateProfileRequest = {}
    if (name.trim() !== (profile.name ?? '')) patch.name = name.trim()
    if (gender && gender !== profile.gender) patch.gender = gender
    if (birthday && !profile.birthday) patch.birthday = birthday
    setErrors({})
    setError('')
    if (Object.keys(patch).length === 0) {
      setError('没有需要保存的修改')
      return
    }
    setSaving(true)
    try {
      const after = await request('updateMe', { body: patch })
      edited.current = false
      fill(after)
      // Completing the profile may earn points: announced here, where they were earned.
      const gained = after.points.balance - profile.points.balance
      setReward(gained > 0 ? gained : 0)
      Taro.showToast({ title: gained > 0 ? `资料已完善 +${gained} 积分` : '已保存', icon: gained > 0 ? 'none' : 'success' }).catch(() => undefined)
    } catch (e) {
      const fields = fieldErrors(e)
      const shown: Record<string, string> = {}
      for (const key of Object.keys(fields)) if (FIELD_MESSAGES[key]) shown[key] = FIELD_MESSAGES[key]!
      // Set from another device meanwhile: say so, and show the birthday as it is now.
      if (e instanceof ApiError && e.code === 'birthday_locked') {
        shown.birthday = messageFor(e)
        void me.reload()
      }
      setErrors(shown)
      if (Object.keys(shown).length === 0) setError(messageFor(e))
    } finally {
      setSaving(false)
    }
  }

  return (
    <View className='page profile'>
      {reward > 0 ? (
        <View id='profile-reward' className='card reward-card'>
          <Text className='reward-plus'>+{reward} 积分</Text>
          <Text className='reward-text'>资料已完善，积分已到账，可在「积分明细」中查看。</Text>
        </View>
      ) : profile && !complete ? (
        <View id='profile-hint' className='card muted'>
          填写姓名、性别和生日，生日当月可收到生日礼；完善资料还可能获赠积分。
        </View>
      ) : null}
      <View className='card'>
        <View className='field'>
          <Text className='label'>手机号</Text>
          <Text id='profile-phone'>{profile?.phoneMasked ?? '-'}</Text>
        </View>
        <View className='field'>
          <Text className='label'>姓名</Text>
          <Input id='profile-name' className='input' placeholder='请输入姓名' maxlength={40} value={name} onInput={(e) => edit(setName)(e.detail.value)} />
          {errors.name ? <View id='profile-name-error' className='error'>{errors.name}</View> : null}
        </View>
        <View className='field'>
          <Text className='label'>性别</Text>
          <ChoiceChips id='profile-gender' className='genders' idPrefix='profile-gender' look='plain' chipClassName='gender' activeClassName='selected' options={GENDERS} value={gender} onChange={edit(setGender)} />
          {errors.gender ? <View id='profile-gender-error' className='error'>{errors.gender}</View> : null}
        </View>
        <View className='field'>
          <Text className='label'>生日</Text>
          {profile?.birthday ? (
            // Set once (it brings the birthday-month rewards): later corrections go through the service desk.
            <>
              <View id='profile-birthday' className='input picker fixed' data-fixed='true'>
                {profile.birthday}
              </View>
              <View id='profile-birthday-hint' className='muted'>
                生日设置后不可自行修改，如需更正请联系客服
              </View>
            </>
          ) : (
            <>
              <Picker mode='date' value={birthday ?? '1990-01-01'} start='1900-01-01' end={today()} onChange={(e) => edit(setBirthday)(String(e.detail.value))}>
                <View id='profile-birthday' className='input picker'>
                  {birthday ?? '请选择生日'}
                </View>
              </Picker>
              <View className='muted'>生日只能设置一次，请仔细核对</View>
            </>
          )}
          {errors.birthday ? <View id='profile-birthday-error' className='error'>{errors.birthday}</View> : null}
        </View>
        <ErrorNote error={error || me.error} />
        <View className='actions'>
          <Button id='profile-save' type='primary' block loading={saving} disabled={saving || !profile} onClick={() => void save()}>
            保存
          </Button>
        </View>
      </View>
      <View id='profile-preferences' className='card link-row' onClick={() => void Taro.navigateTo({ url: '/member/preferences/index' })}>
        <Text>消息设置</Text>
        <Text className='muted'>选择想收到的微信通知 ›</Text>
      </View>
    </View>
  )
}
