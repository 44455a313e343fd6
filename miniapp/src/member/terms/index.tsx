import { CurrentPolicy } from '../../components/legal'

/** 会员服务协议: the version in force (an admin edits it in admin/policies). */
export default function Terms() {
  return <CurrentPolicy kind='terms' id='terms-text' />
}
