export type { MetricFamily, MetricSample } from './metric-family.js';
export { metricLabels } from './metric-labels.js';
export { OPENMETRICS_TYPE, openMetricsText } from './openmetrics-text.js';
export { REMOTE_WRITE_HEADERS, RemoteWriteEncoder, remoteWriteBody } from './remote-write.js';
export { latencyBucketsSec, type RunMetricsInput, runMetrics, type ServerFigure } from './run-metrics.js';
