export { type K8sOptions, k8sManifests, manifestsYaml } from './k8s-manifests.js';
