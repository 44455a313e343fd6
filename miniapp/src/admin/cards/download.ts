/**
 * Fetching a file by its presigned link (the print file of a card batch). H5 (the admin's usual desk): the
 * browser downloads it. weapp: downloaded to a temporary file and offered to forward to a WeChat chat (the
 * files bucket's host must be on the mini-program's downloadFile domain list).
 */
import Taro from '@tarojs/taro'
import { isWeapp } from '../../platform'

export async function openDownload(url: string, fileName: string): Promise<void> {
  if (isWeapp) {
    const res = await Taro.downloadFile({ url })
    const share = (Taro as unknown as { shareFileMessage?: (o: { filePath: string; fileName: string }) => Promise<unknown> }).shareFileMessage
    if (share) await share({ filePath: res.tempFilePath, fileName }).catch(() => undefined)
    return
  }
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  a.rel = 'noopener'
  document.body.appendChild(a)
  a.click()
  a.remove()
}
