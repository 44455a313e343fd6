import { useMemo } from 'react'
import { View } from '@tarojs/components'
import qrcode from 'qrcode-generator'

export interface QrCodeProps {
  id?: string
  text: string
  /** Size of one module in px. */
  moduleSize?: number
  /** Quiet zone around the symbol, in modules (the standard asks for 4). */
  quietZone?: number
}

type Run = { dark: boolean; length: number }

/** Rows of runs of equal modules (dark or light) including the quiet zone. */
export function qrRows(text: string, quietZone: number): Run[][] {
  const qr = qrcode(0, 'M')
  qr.addData(text, /^\d+$/.test(text) ? 'Numeric' : 'Byte')
  qr.make()
  const n = qr.getModuleCount()
  const size = n + quietZone * 2
  const rows: Run[][] = []
  for (let r = 0; r < size; r++) {
    const runs: Run[] = []
    for (let c = 0; c < size; c++) {
      const inside = r >= quietZone && r < quietZone + n && c >= quietZone && c < quietZone + n
      const dark = inside && qr.isDark(r - quietZone, c - quietZone)
      const last = runs[runs.length - 1]
      if (last && last.dark === dark) last.length++
      else runs.push({ dark, length: 1 })
    }
    rows.push(runs)
  }
  return rows
}

/** A QR code drawn with flex Views (no canvas): works alike on weapp and H5. */
export default function QrCode({ id, text, moduleSize = 6, quietZone = 4 }: QrCodeProps) {
  const rows = useMemo(() => qrRows(text, quietZone), [text, quietZone])
  const side = rows.length * moduleSize
  return (
    <View
      id={id}
      style={{ width: `${side}px`, height: `${side}px`, background: '#ffffff', display: 'flex', flexDirection: 'column', flexShrink: 0 }}
    >
      {rows.map((runs, r) => (
        <View key={r} style={{ display: 'flex', flexDirection: 'row', height: `${moduleSize}px`, width: `${side}px` }}>
          {runs.map((run, i) => (
            <View
              key={i}
              style={{
                width: `${run.length * moduleSize}px`,
                height: `${moduleSize}px`,
                flexShrink: 0,
                background: run.dark ? '#000000' : '#ffffff',
              }}
            />
          ))}
        </View>
      ))}
    </View>
  )
}
