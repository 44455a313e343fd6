import { Text, View } from '@tarojs/components'
import { Button, Progress } from '@nutui/nutui-react-taro'
import type { MemberProfile } from '@shared/contract'
import { groupThousands } from '@shared/domain/money'
import { upgradeText } from '../../utils/format'

/** The card's look by the tier's place on the ladder: entry, second, third and any higher tier. */
const LOOKS = ['entry', 'silver', 'gold', 'black'] as const
export const cardLook = (level: number): (typeof LOOKS)[number] => LOOKS[Math.min(Math.max(level, 0), LOOKS.length - 1)]!

/** The member card as WeChat member cards look: tier, points, progress to the next tier, the code button. */
export function MemberCard(p: { profile: MemberProfile; onCode: () => void }) {
  const { profile } = p
  const next = profile.nextTier
  const expiry = profile.points.nextExpiry
  const look = cardLook(profile.tier.level)
  return (
    <View id='home-card' className={`member-card look-${look}`} data-look={look}>
      <View className='row between'>
        <View>
          <Text className='brand'>会员卡</Text>
          <Text id='home-tier' className='tier-name'>
            {profile.tier.name}
          </Text>
          {profile.plus ? (
            <Text id='home-plus-badge' className='plus-badge' data-last-day={profile.plus.lastDay}>
              {profile.plus.badge}
            </Text>
          ) : null}
        </View>
        <Button id='home-code' className='card-code' size='small' fill='outline' onClick={p.onCode}>
          会员码
        </Button>
      </View>
      <View className='points'>
        <Text className='points-label'>{profile.family === 'secondary' ? '可用积分（家庭共享）' : '可用积分'}</Text>
        <Text id='home-points' className='points-value' data-points={profile.points.balance}>
          {groupThousands(profile.points.balance)}
        </Text>
        {expiry ? (
          <Text id='home-expiry' className='expiry'>
            {groupThousands(expiry.points)} 积分将于 {expiry.date} 过期
          </Text>
        ) : null}
      </View>
      <View id='home-progress' className='progress'>
        {next ? (
          <>
            <Text className='progress-text'>{upgradeText(profile.qualifying.basis, next.remaining, next.name)}</Text>
            <Progress percent={next.percent} strokeWidth='6' background='rgba(255,255,255,0.3)' color='rgba(255,255,255,0.95)' />
          </>
        ) : (
          <Text className='progress-text'>已是最高等级，尊享全部会员权益</Text>
        )}
      </View>
      <View className='row between card-foot'>
        <Text className='phone'>{profile.phoneMasked}</Text>
        <Text className='multiplier'>消费积分 ×{profile.tier.multiplier}</Text>
      </View>
    </View>
  )
}
