export { k8sManifests, manifestsYaml, type K8sOptions } from './k8s-manifests.js';
