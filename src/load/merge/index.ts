export { type MeasurementFile, mergeMeasurements } from './merge-measurements.js';
