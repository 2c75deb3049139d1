export { type BarrierParty, BarrierTimeoutError } from './barrier.js';
export { fileBarrier } from './file-barrier.js';
export { type K8sOptions, k8sManifests, manifestsYaml } from './k8s-manifests.js';
export { FrameReader, measureFrames, readFrames } from './log-frames.js';
export { tcpBarrier } from './tcp-barrier.js';
