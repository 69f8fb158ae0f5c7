export { config, readConfig, resetConfigForTests, DEFAULT_CONFIG, type RuntimeConfig } from './runtime';
