/**
 * Stores by name for pickers and labels: staff, admins and members never type or read a store code.
 * One request (GET /stores) per page; the code is shown only while the names load.
 */
import { MultiChoiceChips, ChoiceChips, useResource } from '../../kit'

export function useStoreNames() {
  const stores = useResource('stores', { reloadOnShow: false })
  const list = stores.data?.stores ?? []
  const byId = new Map(list.map((s) => [s.storeId, s.name]))
  return {
    choices: list.map((s) => ({ value: s.storeId, label: s.name })),
    nameOf: (id: string | null | undefined) => (id ? (byId.get(id) ?? (stores.data ? '已关闭的门店' : '')) : ''),
    error: stores.error,
  }
}

/** Several stores picked by name (segment filters). */
export function StoreMultiChips(p: { id: string; values: string[]; onChange: (ids: string[]) => void }) {
  const { choices } = useStoreNames()
  return <MultiChoiceChips id={p.id} idPrefix={p.id} options={choices} values={p.values} onChange={p.onChange} />
}

/** One store or none (全部门店 for a filter, or the page's own word): tapping the chosen one again clears it. */
export function StoreChips(p: { id: string; value: string; onChange: (id: string) => void; noneLabel?: string }) {
  const { choices } = useStoreNames()
  const options = [{ value: '', label: p.noneLabel ?? '全部门店', id: `${p.id}-all` }, ...choices]
  return <ChoiceChips id={p.id} idPrefix={p.id} options={options} value={p.value} onChange={(v) => p.onChange(v === p.value ? '' : v)} />
}
