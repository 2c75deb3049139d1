export { mergeMeasurements, type MeasurementFile } from './merge-measurements.js';
