/** Admin wording of a failure: the catalogue's staff wording (`formMessage`), refused fields by their Chinese names. */
import { View } from '@tarojs/components'
import { ApiError } from '../api/client'
import { formMessage } from '../api/form-messages'
import { fieldMessage, type MessageOverrides } from '../api/messages'

/** A form's own check that failed at one field (the path the API would name), in Chinese. */
export interface FieldIssue {
  path: string
  message: string
}

export function isFieldIssue(x: unknown): x is FieldIssue {
  return !!x && typeof x === 'object' && !(x instanceof ApiError) && typeof (x as FieldIssue).path === 'string' && typeof (x as FieldIssue).message === 'string'
}

/**
 * The message for a failed admin request ('' when there is none): the catalogue's staff wording; refused
 * input says each field by its name and what is wrong ("注册起始日期：日期无效…", `names` are the screen's own
 * field names). A string (the page's own check) is shown as it is, a FieldIssue by its message; `overrides`
 * are a screen's own words for some codes.
 *
 * @example <ErrorNote id='tpl-error' error={adminError(save.error)} />
 */
export function adminError(error: unknown, names: Record<string, string> = {}, overrides?: MessageOverrides): string {
  if (error === null || error === undefined || error === '') return ''
  if (typeof error === 'string') return error
  if (isFieldIssue(error)) return error.message
  return formMessage(error, { labels: names, overrides, audience: 'staff' })
}

/** What is wrong at one field (`path`, e.g. 'filter.registeredFrom' or 'tiers.2'), from the API or the form's own check. */
export function issueAt(error: unknown, path: string): string | undefined {
  if (isFieldIssue(error)) return error.path === path || error.path.startsWith(`${path}.`) ? error.message : undefined
  return fieldMessage(error, path, 'staff')
}

/**
 * The error under a field, in red, when the last attempt failed there (id `<id>`, data-path the field's path).
 * @example <FieldNote id='seg-reg-from-error' error={error} path='filter.registeredFrom' />
 */
export function FieldNote({ id, error, path }: { id?: string; error: unknown; path: string }) {
  const text = issueAt(error, path)
  if (!text) return null
  return (
    <View id={id} className='error field-error' data-path={path}>
      {text}
    </View>
  )
}
