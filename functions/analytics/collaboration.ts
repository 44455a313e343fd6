/** What other capabilities may use of analytics: the stream consumer writing changed member facts. */
export { noteChangedFacts } from './incremental';
