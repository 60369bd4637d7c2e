/**
 * Telemetry for an entry point, started from process.env before main() runs. A bad
 * setting does not throw here, at import time, but from serveMetrics(), which main()
 * awaits first: it then fails through main's usual "configuration error" path.
 */
import { envString } from '../config/env';
import { createLogger } from '../config/logger';
import { startTelemetry, type Telemetry, type TelemetryOptions } from './telemetry';
import { loadTelemetryConfig, type TelemetryConfig, type TelemetryDefaults } from './telemetry-config';

export function startProcessTelemetry(defaults: TelemetryDefaults, options: Omit<TelemetryOptions, 'log'> = {}): Telemetry {
  let config: TelemetryConfig;
  try {
    config = loadTelemetryConfig(process.env, defaults);
  } catch (error) {
    return { serveMetrics: () => Promise.reject(error), shutdown: async () => undefined };
  }
  return startTelemetry(config, { ...options, log: createLogger('opentelemetry', envString(process.env, 'LOG_LEVEL', 'info')) });
}
