/** Admin wording of a failure: the one `messageFor` wording, and for refused input the fields by their Chinese names. */
import { ApiError } from '../api/client'
import type { MessageOverrides } from '../api/messages'
import { errorText } from '../kit'

/** A field path's Chinese name: the longest named prefix ("spend.rounding"), else its last non-numeric segment. */
function fieldName(path: string, names: Record<string, string>): string {
  const parts = path.split('.')
  for (let i = parts.length; i > 0; i--) {
    const name = names[parts.slice(0, i).join('.')]
    if (name) return name
  }
  const last = parts.filter((p) => !/^\d+$/.test(p)).pop() ?? path
  return names[last] ?? path
}

/**
 * The message for a failed admin request ('' when there is none): `messageFor`'s wording; a 400 lists
 * the refused fields, e.g. "输入有误：名称：Too long". A string (the page's own check) is shown as it is;
 * `overrides` are a screen's own words for some codes.
 */
export function adminError(error: unknown, names: Record<string, string> = {}, overrides?: MessageOverrides): string {
  const base = errorText(error, overrides)
  if (!(error instanceof ApiError) || error.code !== 'invalid_input' || error.fields.length === 0) return base
  const details = new Set(error.fields.map((f) => `${fieldName(f.path, names)}：${f.message}`))
  return `${base}：${[...details].join('；')}`
}
