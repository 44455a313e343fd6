import { useCallback, useRef, useState } from 'react'

export interface Submit<A extends unknown[], R> {
  /** Runs the action unless one is already running; resolves with its result, or undefined when it failed. */
  submit: (...args: A) => Promise<R | undefined>
  busy: boolean
  /** The last failure (an ApiError or anything thrown), cleared when the next submit starts. */
  error: unknown
  /** Sets or clears the error by hand, e.g. a check the page makes before submitting. */
  setError: (error: unknown) => void
}

/**
 * Runs an action the member or clerk started (a save, a confirm), one at a time, and keeps its failure
 * for the page to show: errors are never swallowed, they come back as `error`.
 *
 * @example
 * const save = useSubmit((body: UpdateProfileRequest) => request('updateMe', { body }))
 * <Button loading={save.busy} onClick={() => void save.submit(patch).then((p) => p && fill(p))}>保存</Button>
 * <ErrorNote error={save.error} />
 */
export function useSubmit<A extends unknown[], R>(fn: (...args: A) => Promise<R>): Submit<A, R> {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const running = useRef(false)
  const latest = useRef(fn)
  latest.current = fn

  const submit = useCallback(async (...args: A): Promise<R | undefined> => {
    if (running.current) return undefined
    running.current = true
    setBusy(true)
    setError(null)
    try {
      return await latest.current(...args)
    } catch (e) {
      setError(e)
      return undefined
    } finally {
      running.current = false
      setBusy(false)
    }
  }, [])

  return { submit, busy, error, setError }
}
