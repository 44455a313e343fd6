import { useState } from 'react'
import type { ComplaintDetail } from '@shared/contract'
import { useSubmit } from '../../kit'
import type { DeskMove } from './index'

export interface DeskCalls {
  /** Reads one complaint in full. */
  open: (id: string) => Promise<ComplaintDetail>
  reply: (id: string, text: string) => Promise<ComplaintDetail>
  move: (id: string, action: DeskMove) => Promise<ComplaintDetail>
  /** After a reply or a move: refresh the list the complaint came from. */
  changed: () => Promise<unknown>
}

/**
 * What the store (staff) and the desk (admin) do with one complaint: open it, reply, start, resolve,
 * close. One error for all of these, shown by the page (<ErrorNote error={desk.error} />).
 *
 * @example
 * const desk = useComplaintDesk({ open: (id) => request('staffComplaint', { params: { complaintId: id } }), ... })
 * <ComplaintActions complaint={desk.open} reply={desk.reply} onReplyChange={desk.setReply} pending={desk.pending}
 *   onReply={desk.sendReply} onMove={desk.move} ... />
 */
export function useComplaintDesk(calls: DeskCalls) {
  const [open, setOpen] = useState<ComplaintDetail | null>(null)
  const [reply, setReply] = useState('')

  const showing = useSubmit(async (id: string) => {
    setOpen(await calls.open(id))
    setReply('')
  })
  const acting = useSubmit(async (run: () => Promise<ComplaintDetail>) => {
    setOpen(await run())
    setReply('')
    await calls.changed()
  })

  const error = acting.error || showing.error
  const setError = (e: unknown) => {
    showing.setError(null)
    acting.setError(e)
  }

  return {
    open,
    close: () => setOpen(null),
    reply,
    setReply,
    pending: acting.busy,
    error,
    setError,
    show: (id: string) => {
      acting.setError(null)
      void showing.submit(id)
    },
    sendReply: () => {
      if (!open) return
      if (!reply.trim()) return setError('请输入回复内容')
      showing.setError(null)
      void acting.submit(() => calls.reply(open.id, reply.trim()))
    },
    move: (action: DeskMove) => {
      if (!open) return
      showing.setError(null)
      void acting.submit(() => calls.move(open.id, action))
    },
  }
}
