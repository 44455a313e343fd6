/** The small states every page shows: loading, nothing there, an error, one field's error. */
import type { ReactNode } from 'react'
import { View } from '@tarojs/components'
import { ApiError } from '../api/client'
import { fieldMessage, messageFor, type MessageOverrides } from '../api/messages'

/** 加载中… (or other words), muted. */
export function Loading({ id, className = 'muted', text = '加载中…' }: { id?: string; className?: string; text?: string }) {
  return (
    <View id={id} className={className}>
      {text}
    </View>
  )
}

/** A muted line saying there is nothing to show, e.g. 暂无积分记录. */
export function Empty({ id, className = 'muted empty', children }: { id?: string; className?: string; children: ReactNode }) {
  return (
    <View id={id} className={className}>
      {children}
    </View>
  )
}

/**
 * The message of a failure, or nothing when there is none. `error` is what a hook reports (an ApiError
 * or anything thrown) or a page's own sentence (a string, shown as it is).
 */
export function errorText(error: unknown, overrides?: MessageOverrides, format?: (error: unknown) => string): string {
  if (error === null || error === undefined || error === '' || error === false) return ''
  if (typeof error === 'string') return error
  return format ? format(error) : messageFor(error, overrides)
}

/**
 * An error note in red, rendered only when there is an error.
 *
 * @example
 * <ErrorNote id='coupons-error' error={coupons.error} />
 */
export function ErrorNote(p: {
  error: unknown
  id?: string
  className?: string
  overrides?: MessageOverrides
  /** The screen's own way of wording a failure (e.g. formMessage with its field labels). */
  format?: (error: unknown) => string
}) {
  const { error, id, className = 'error' } = p
  const text = errorText(error, p.overrides, p.format)
  if (!text) return null
  return (
    <View id={id} className={className}>
      {text}
    </View>
  )
}

/**
 * What is wrong with one input field of a failed request (400/422), in Chinese (`fieldMessage`: never the
 * API's English), or a page's own wording for it (`text`). Staff and admin screens pass audience='staff'.
 *
 * @example
 * <FieldError id='profile-name-error' error={save.error} path='name' text='请填写 1–40 个字的姓名' />
 */
export function FieldError(p: { error: unknown; path: string; id?: string; text?: string; className?: string; audience?: 'member' | 'staff' }) {
  const { error, path, id, text, className = 'error' } = p
  const message = error instanceof ApiError ? fieldMessage(error, path, p.audience) : undefined
  if (!message) return null
  return (
    <View id={id} className={className}>
      {text ?? message}
    </View>
  )
}

/** A page-level block shown until the data is there: the load error, or 加载中…. */
export function LoadGate({ error, errorId, className = 'card' }: { error: unknown; errorId?: string; className?: string }) {
  return <View className={className}>{errorText(error) ? <ErrorNote id={errorId} error={error} /> : <Loading />}</View>
}
