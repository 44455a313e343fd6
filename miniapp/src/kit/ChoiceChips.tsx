import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'

export interface Choice<T extends string> {
  value: T
  label: string
  /** The element id; default `${idPrefix}-${value}`. */
  id?: string
}

interface ChipsBase<T extends string> {
  options: readonly Choice<T>[]
  /** Element ids `${idPrefix}-${value}` (unless an option names its own). */
  idPrefix: string
  /** The container's id and class. */
  id?: string
  className?: string
  /** Each chip's class; the chosen one also gets `activeClassName`. */
  chipClassName?: string
  activeClassName?: string
  /** 'button': small NutUI buttons, primary when chosen (admin forms); 'plain': tappable views (member pages). */
  look?: 'button' | 'plain'
  disabled?: boolean
}

function Chip<T extends string>(p: ChipsBase<T> & { option: Choice<T>; active: boolean; onTap: () => void }) {
  const id = p.option.id ?? `${p.idPrefix}-${p.option.value}`
  const look = p.look ?? 'button'
  // kit-chip(-button|-plain): the kit's touch size and spacing (kit/kit.scss); the page's own classes follow.
  const cls = `kit-chip kit-chip-${look} ${p.chipClassName ?? 'choice'}${p.active ? ` ${p.activeClassName ?? 'active'}` : ''}`
  if (look === 'button') {
    return (
      <Button id={id} size='small' type={p.active ? 'primary' : 'default'} className={cls} disabled={p.disabled} onClick={p.onTap}>
        {p.option.label}
      </Button>
    )
  }
  return (
    <View id={id} className={cls} onClick={() => !p.disabled && p.onTap()}>
      {p.option.label}
    </View>
  )
}

/**
 * One choice among a few (a tier's window, a gender, a list filter).
 *
 * @example
 * <ChoiceChips idPrefix='profile-gender' look='plain' chipClassName='gender' activeClassName='selected'
 *   options={GENDERS} value={gender} onChange={setGender} />
 */
export function ChoiceChips<T extends string>(p: ChipsBase<T> & { value: T | null; onChange: (value: T) => void }) {
  return (
    <View id={p.id} className={`kit-chips ${p.className ?? 'choices'}`}>
      {p.options.map((o) => (
        <Chip key={o.value} {...p} option={o} active={o.value === p.value} onTap={() => p.onChange(o.value)} />
      ))}
    </View>
  )
}

/**
 * Any number of choices (excluded categories, segment tiers): a tap adds or removes one.
 *
 * @example
 * <MultiChoiceChips idPrefix='segment-tier' options={tiers} values={form.tiers} onChange={(tiers) => set({ tiers })} />
 */
export function MultiChoiceChips<T extends string>(p: ChipsBase<T> & { values: readonly T[]; onChange: (values: T[]) => void }) {
  const toggle = (v: T) => p.onChange(p.values.includes(v) ? p.values.filter((x) => x !== v) : [...p.values, v])
  return (
    <View id={p.id} className={`kit-chips ${p.className ?? 'choices'}`}>
      {p.options.map((o) => (
        <Chip key={o.value} {...p} option={o} active={p.values.includes(o.value)} onTap={() => toggle(o.value)} />
      ))}
    </View>
  )
}
