/**
 * OpenTelemetry for the identity service. main.ts imports this module before any
 * other, so that the SDK is registered before the modules it watches load: the
 * MongoDB driver is instrumented when it is first required, and meters are made
 * from the real provider. gRPC and the SQLite store are traced by explicit code
 * (grpc/unary.ts, store/traced-store.ts), which needs no such ordering.
 */
import { MongoDBInstrumentation } from '@opentelemetry/instrumentation-mongodb';
import { startProcessTelemetry } from '../observability/process-telemetry';

export const telemetry = startProcessTelemetry(
  { serviceName: 'openscim-identity', metricsPort: 9465 },
  // Commands are recorded with every value replaced by `?`: never an attribute value or a password hash.
  { instrumentations: () => [new MongoDBInstrumentation({ enhancedDatabaseReporting: false })] },
);
