/** The agreement editor's draft: sections as a title and a text box (one paragraph per line). */
import type { PolicyText, SavePolicyRequest } from '@shared/contract'

export interface SectionDraft {
  title: string
  body: string
}

export interface PolicyDraft {
  title: string
  intro: string
  sections: SectionDraft[]
  /** YYYY-MM-DD, or '' for today. */
  effectiveFrom: string
}

export function draftOf(p: PolicyText): PolicyDraft {
  return { title: p.title, intro: p.intro, sections: p.sections.map((s) => ({ title: s.title, body: s.paragraphs.join('\n') })), effectiveFrom: '' }
}

/** The request body; empty lines are dropped, so a blank line between paragraphs does no harm. */
export function bodyOf(d: PolicyDraft): SavePolicyRequest {
  return {
    title: d.title.trim(),
    intro: d.intro.trim(),
    sections: d.sections.map((s) => ({ title: s.title.trim(), paragraphs: s.body.split('\n').map((l) => l.trim()).filter(Boolean) })),
    ...(d.effectiveFrom.trim() ? { effectiveFrom: d.effectiveFrom.trim() } : {}),
  }
}
