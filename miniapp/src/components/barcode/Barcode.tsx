import { useMemo } from 'react'
import { View } from '@tarojs/components'
import { encodeCode128C } from './code128'

export interface BarcodeProps {
  id?: string
  /** An even number of digits (CODE128 set C). */
  digits: string
  /** Width of the narrowest bar in px. */
  moduleSize?: number
  height?: number
  /** Quiet zone on each side, in modules (CODE128 asks for 10). */
  quietZone?: number
}

/** A CODE128 set C barcode drawn with Views (no canvas). */
export default function Barcode({ id, digits, moduleSize = 2, height = 64, quietZone = 10 }: BarcodeProps) {
  const widths = useMemo(() => encodeCode128C(digits), [digits])
  const modules = widths.reduce((a, b) => a + b, 0) + quietZone * 2
  return (
    <View
      id={id}
      style={{
        display: 'flex',
        flexDirection: 'row',
        width: `${modules * moduleSize}px`,
        height: `${height}px`,
        padding: `0 ${quietZone * moduleSize}px`,
        boxSizing: 'border-box',
        background: '#ffffff',
        flexShrink: 0,
      }}
    >
      {widths.map((w, i) => (
        <View
          key={i}
          style={{ width: `${w * moduleSize}px`, height: `${height}px`, flexShrink: 0, background: i % 2 === 0 ? '#000000' : '#ffffff' }}
        />
      ))}
    </View>
  )
}
