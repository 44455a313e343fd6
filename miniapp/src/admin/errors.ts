/** Admin wording of a failure: the catalogue's staff wording (`formMessage`), refused fields by their Chinese names. */
import { formMessage } from '../api/form-messages'
import type { MessageOverrides } from '../api/messages'

/**
 * The message for a failed admin request ('' when there is none): the catalogue's staff wording; refused
 * input lists the fields by name ("请检查：名称、有效期", `names` are the screen's own field names). A string
 * (the page's own check) is shown as it is; `overrides` are a screen's own words for some codes.
 *
 * @example <ErrorNote id='tpl-error' error={adminError(save.error)} />
 */
export function adminError(error: unknown, names: Record<string, string> = {}, overrides?: MessageOverrides): string {
  if (error === null || error === undefined || error === '') return ''
  if (typeof error === 'string') return error
  return formMessage(error, { labels: names, overrides, audience: 'staff' })
}
