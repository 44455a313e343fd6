import { CurrentPolicy } from '../../components/legal'

/** 隐私政策: the version in force (an admin edits it in admin/policies). */
export default function Privacy() {
  return <CurrentPolicy kind='privacy' id='privacy-text' />
}
