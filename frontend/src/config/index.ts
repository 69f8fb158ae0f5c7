export { config, readConfig, DEFAULT_CONFIG, type RuntimeConfig } from './runtime';
