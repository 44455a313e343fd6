/**
 * Saving an exported CSV. H5 (the admin's usual desk): a browser download. weapp: the file is written
 * to the mini-program's user folder and offered to forward to a WeChat chat (open it on a computer).
 */
import Taro from '@tarojs/taro'
import { isWeapp } from '../platform'

export async function saveCsv(fileName: string, parts: string[]): Promise<string> {
  if (isWeapp) {
    const path = `${Taro.env.USER_DATA_PATH}/${fileName}`
    const fs = Taro.getFileSystemManager()
    fs.writeFileSync(path, parts.join(''), 'utf8')
    const share = (Taro as unknown as { shareFileMessage?: (o: { filePath: string; fileName: string }) => Promise<unknown> }).shareFileMessage
    if (share) await share({ filePath: path, fileName }).catch(() => undefined)
    return path
  }
  const blob = new Blob(parts, { type: 'text/csv;charset=utf-8' })
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 30_000)
  return fileName
}

/** Opens the browser's print dialog for the sample sheet (H5 only). */
export function printPage(): boolean {
  if (isWeapp || typeof window === 'undefined') return false
  window.print()
  return true
}
