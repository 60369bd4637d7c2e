/**
 * OpenTelemetry for the SCIM adapter. main.ts imports this module before any other,
 * so that the SDK is registered before any module records a metric. HTTP and gRPC
 * are traced by explicit code (middleware/http-telemetry.ts and the gRPC client
 * interceptor), not by require hooks.
 */
import { startProcessTelemetry } from '../services/observability/process-telemetry';

export const telemetry = startProcessTelemetry({ serviceName: 'openscim-adapter', metricsPort: 9464 });
