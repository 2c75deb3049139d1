export { type MeasurementFile, type MergeExtras, mergeMeasurements } from './merge-measurements.js';
