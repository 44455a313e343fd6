/** @qiun/ucharts 2.5 ships no types: the constructor draws at once on the context it is given. */
declare module '@qiun/ucharts' {
  export default class UCharts {
    constructor(opts: Record<string, unknown>)
    updateData(data: Record<string, unknown>): void
    showToolTip(e: unknown, opts?: Record<string, unknown>): void
  }
}
