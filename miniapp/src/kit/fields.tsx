/**
 * Form pieces the admin forms repeat: a labelled field, a text input that reports its text, a yes/no
 * toggle, a submit button, a success line, and a calm note for a side request that failed.
 */
import type { ReactNode } from 'react'
import { Input, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { errorText } from './states'

export interface TextInputProps {
  id: string
  value: string
  /** The new text, on every keystroke. */
  onChange: (value: string) => void
  placeholder?: string
  type?: 'text' | 'number' | 'digit'
  maxlength?: number
  /** Default 'input'. */
  className?: string
  disabled?: boolean
  onConfirm?: () => void
}

/** Taro's Input with the text handed over as a string. Props left out keep Taro's defaults. */
export function TextInput({ onChange, className = 'input', ...rest }: TextInputProps) {
  return <Input {...rest} className={className} onInput={(e) => onChange(e.detail.value)} />
}

/** A label above its control. */
export function Field({ label, className = 'field', children }: { label: ReactNode; className?: string; children?: ReactNode }) {
  return (
    <View className={className}>
      <Text className='label'>{label}</Text>
      {children}
    </View>
  )
}

/**
 * A labelled text input.
 *
 * @example
 * <InputField label='名称' id='tpl-name' maxlength={30} value={form.name} onChange={(name) => edit({ name })} />
 */
export function InputField({ label, fieldClassName, ...input }: TextInputProps & { label: ReactNode; fieldClassName?: string }) {
  return (
    <Field label={label} className={fieldClassName}>
      <TextInput {...input} />
    </Field>
  )
}

/** A yes/no switch drawn as a chip: primary and 'choice active' when on; data-checked says which. */
export function ToggleChip({ id, on, onChange, children }: { id: string; on: boolean; onChange: (on: boolean) => void; children: ReactNode }) {
  return (
    <Button id={id} size='small' type={on ? 'primary' : 'default'} className={on ? 'kit-chip kit-chip-button choice active' : 'kit-chip kit-chip-button choice'} data-checked={on ? 'true' : 'false'} onClick={() => onChange(!on)}>
      {children}
    </Button>
  )
}

/** The form's main button: full width, primary, spinning and disabled while busy. */
export function SubmitButton({ id, busy, onClick, children }: { id: string; busy: boolean; onClick: () => void; children: ReactNode }) {
  return (
    <Button id={id} type='primary' block loading={busy} disabled={busy} onClick={onClick}>
      {children}
    </Button>
  )
}

/** A green line saying what just happened; nothing when there is nothing to say. */
export function Done({ id, children, data }: { id?: string; children?: ReactNode; data?: Record<string, string> }) {
  if (children === null || children === undefined || children === false || children === '') return null
  const attrs = Object.fromEntries(Object.entries(data ?? {}).map(([k, v]) => [`data-${k}`, v]))
  return (
    <View id={id} className='success' {...attrs}>
      {children}
    </View>
  )
}

/**
 * A side request (a list to choose from, extra facts) failed: the page goes on without it and says so
 * calmly, instead of the failure being swallowed.
 *
 * @example
 * <SideNote what='等级列表' error={tiers.error} />
 */
export function SideNote({ what, error, id }: { what: string; error: unknown; id?: string }) {
  const text = errorText(error)
  if (!text) return null
  return (
    <View id={id} className='muted side-note'>
      {what}暂时无法加载（{text}）
    </View>
  )
}
