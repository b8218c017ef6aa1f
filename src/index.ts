/**
 * rke-ts library API. The CLI is a thin layer over what is exported here.
 */
export { RkeError, ConfigError, HostError, StateFileError, NotImplementedError, ExitCode } from './errors.js';
export { Logger, log } from './log/logger.js';
