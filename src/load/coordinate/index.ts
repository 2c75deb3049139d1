export { type CoordinateOptions, type CoordinatorHandle, startCoordinator } from './coordinator.js';
export { segmentOutput, segmentOutputKind } from './segment-output.js';
export {
  type CoordinatorReply,
  checkedReport,
  REPORT_PATH,
  type SegmentReport,
  STATUS_PATH,
} from './segment-report.js';
