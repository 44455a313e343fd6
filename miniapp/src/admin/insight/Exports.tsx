import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useReportExport } from '../../components/insight/useReportExport'
import { ErrorNote } from '../../kit'
import { adminError } from '../errors'
import { EXPORTS } from './snapshot'

/**
 * CSV export of each report (POST /admin/insight/exports): the file is written to S3 and downloaded from
 * its presigned link (H5: the browser saves it; weapp: forwarded to a chat). The period is the page's.
 */
export function Exports({ days }: { days: 7 | 30 | 90 }) {
  const { exporting, notice, last, again } = useReportExport()
  return (
    <View id='exports' className='card'>
      <View className='section-title'>导出报表</View>
      <View className='export-buttons'>
        {EXPORTS.map((e) => (
          <Button key={e.report} id={`export-${e.report}`} className='export-button' size='small' disabled={exporting.busy} onClick={() => void exporting.submit({ report: e.report, days }, e.label)}>
            {e.label}
          </Button>
        ))}
      </View>
      {notice && !exporting.error ? (
        <View id='export-notice' className='muted'>
          {notice}
        </View>
      ) : null}
      <ErrorNote id='export-error' error={adminError(exporting.error)} />
      {last && !exporting.busy ? (
        <Button id='export-again' size='small' onClick={() => void again()}>
          再次下载
        </Button>
      ) : null}
      <View className='insight-note'>导出为表格文件（逗号分隔），可用表格软件打开。</View>
    </View>
  )
}
