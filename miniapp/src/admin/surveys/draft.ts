/** The survey builder's form: questions with their options as typed, and what the API takes from it. */
import type { Survey, SurveyInput } from '@shared/contract'

export type Kind = 'single' | 'multiple' | 'text'
export const KIND_LABEL: Record<Kind, string> = { single: '单选', multiple: '多选', text: '填空' }

export interface OptionDraft {
  label: string
  tag: string
}
export interface QuestionDraft {
  kind: Kind
  title: string
  required: boolean
  factKey: string
  options: OptionDraft[]
}
export interface SurveyDraft {
  /** Set once saved: later saves replace the draft. */
  id: string | null
  title: string
  intro: string
  points: string
  /** '' for everyone, else a saved segment's id. */
  segmentId: string
  questions: QuestionDraft[]
}

export const newOption = (): OptionDraft => ({ label: '', tag: '' })
export const newQuestion = (kind: Kind = 'single'): QuestionDraft => ({ kind, title: '', required: true, factKey: '', options: kind === 'text' ? [] : [newOption(), newOption()] })
export const EMPTY: SurveyDraft = { id: null, title: '', intro: '', points: '0', segmentId: '', questions: [newQuestion()] }

/** A saved survey back in the form (to edit a draft). */
export function draftOf(s: Survey): SurveyDraft {
  return {
    id: s.id,
    title: s.title,
    intro: s.intro,
    points: String(s.points),
    segmentId: s.audience.kind === 'segment' ? s.audience.segmentId : '',
    questions: s.questions.map((q) => ({
      kind: q.kind,
      title: q.title,
      required: q.required,
      factKey: q.factKey ?? '',
      options: q.options.map((o) => ({ label: o.label, tag: o.tag ?? '' })),
    })),
  }
}

/** What the API takes; the points as typed (a bad figure is refused by the API and shown at its field). */
export function inputOf(d: SurveyDraft): SurveyInput {
  const points = /^\d+$/.test(d.points.trim()) ? Number(d.points.trim()) : (d.points.trim() as unknown as number)
  return {
    title: d.title,
    intro: d.intro,
    points,
    audience: d.segmentId ? { kind: 'segment', segmentId: d.segmentId } : { kind: 'all' },
    questions: d.questions.map((q) => ({
      kind: q.kind,
      title: q.title,
      required: q.required,
      ...(q.factKey.trim() ? { factKey: q.factKey.trim() } : {}),
      ...(q.kind === 'text' ? {} : { options: q.options.map((o) => ({ label: o.label, ...(o.tag.trim() ? { tag: o.tag.trim() } : {}) })) }),
    })),
  }
}

export const STATE_LABEL: Record<Survey['state'], string> = { draft: '草稿', open: '进行中', closed: '已结束' }
