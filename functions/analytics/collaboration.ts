/**
 * What other capabilities may use of analytics:
 * - the stream consumer (insight/stream.ts) writing changed member facts;
 * - segments: whether a brand takes the analytical path, and a segment's count and members on it.
 */
export { noteChangedFacts } from './incremental';
export { analyticalPath, segmentByAnalytics, type AnalyticsSegment } from './query';
