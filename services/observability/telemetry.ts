/**
 * Starts the OpenTelemetry SDK for one process: the only place it is wired. Each
 * entry point (services/identity/telemetry.ts, adapter/telemetry.ts) calls this
 * before it loads anything else, so that the SDK is registered before any module is
 * instrumented or records a metric. The rest of the code sees only
 * @opentelemetry/api.
 *
 * Spans go where the OTEL_* variables say (OTLP over grpc, http/protobuf or
 * http/json; sampler; resource); metrics are scraped from the Prometheus endpoint
 * and, when configured, pushed over OTLP too. Logs are not exported: they are JSON
 * lines on stdout that carry the trace id (services/config/logger.ts).
 */
import { context, diag, DiagLogLevel, metrics, propagation, ROOT_CONTEXT, trace, type DiagLogger } from '@opentelemetry/api';
import { OTLPMetricExporter as GrpcMetricExporter } from '@opentelemetry/exporter-metrics-otlp-grpc';
import { OTLPMetricExporter as JsonMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as ProtobufMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { PeriodicExportingMetricReader, type IMetricReader, type PushMetricExporter } from '@opentelemetry/sdk-metrics';
import { NodeSDK, type NodeSDKConfiguration } from '@opentelemetry/sdk-node';
import type { SpanProcessor } from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { Logger } from 'pino';
import { startMetricsServer, type MetricsServer } from './metrics-server';
import type { OtlpProtocol, TelemetryConfig } from './telemetry-config';

export interface TelemetryOptions {
  /** Replaces the span exporter the environment describes (tests pass an in-memory one); turns tracing on. */
  spanProcessors?: SpanProcessor[];
  /** Instrumentations of third-party modules. Made only when tracing is on: enabling one hooks require(). */
  instrumentations?: () => NodeSDKConfiguration['instrumentations'];
  /** Where the SDK reports its own problems (an unreachable collector), unless OTEL_LOG_LEVEL asks for the console. */
  log?: Logger;
}

export interface Telemetry {
  /** Starts the Prometheus endpoint when one is configured; resolves with its URL. */
  serveMetrics(): Promise<string | undefined>;
  /** Flushes what is buffered, stops the endpoint and unregisters the SDK. */
  shutdown(): Promise<void>;
}

function otlpMetricExporter(protocol: OtlpProtocol): PushMetricExporter {
  switch (protocol) {
    case 'grpc':
      return new GrpcMetricExporter();
    case 'http/json':
      return new JsonMetricExporter();
    case 'http/protobuf':
      return new ProtobufMetricExporter();
  }
}

/** The SDK's own reports as log lines. Written outside any span: an export timer runs in whatever request's context armed it. */
function diagToLog(log: Logger): DiagLogger {
  const write = (level: 'error' | 'warn' | 'info' | 'debug' | 'trace') => (message: string, ...args: unknown[]) =>
    context.with(ROOT_CONTEXT, () => log[level]({ details: args.map(String) }, message));
  return { error: write('error'), warn: write('warn'), info: write('info'), debug: write('debug'), verbose: write('trace') };
}

const OFF: Telemetry = { serveMetrics: async () => undefined, shutdown: async () => undefined };

export function startTelemetry(config: TelemetryConfig, options: TelemetryOptions = {}): Telemetry {
  const tracing = config.tracing || options.spanProcessors !== undefined;
  const prometheus = config.prometheus && new PrometheusExporter({ preventServerStart: true });
  const readers: IMetricReader[] = [
    ...(prometheus ? [prometheus] : []),
    ...(config.otlpMetrics
      ? [
          new PeriodicExportingMetricReader({
            exporter: otlpMetricExporter(config.otlpMetrics.protocol),
            exportIntervalMillis: config.otlpMetrics.intervalMs,
            exportTimeoutMillis: config.otlpMetrics.timeoutMs,
          }),
        ]
      : []),
  ];
  // Nothing to record: register nothing, so the API's no-op implementations cost nothing.
  if (!config.enabled || (!tracing && readers.length === 0)) return OFF;

  if (options.log && !config.sdkLogLevel) diag.setLogger(diagToLog(options.log), DiagLogLevel.WARN);
  const sdk = new NodeSDK({
    // The default service name; OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES, detected at start, take precedence.
    resource: defaultResource().merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: config.serviceName })),
    metricReaders: readers,
    // Undefined lets the SDK build the exporter from OTEL_TRACES_EXPORTER and OTEL_EXPORTER_OTLP_*; an empty
    // list registers no tracer provider at all.
    spanProcessors: tracing ? options.spanProcessors : [],
    // Logs stay JSON lines on stdout (services/config/logger.ts): none are exported over OTLP.
    logRecordProcessors: [],
    instrumentations: tracing && options.instrumentations ? options.instrumentations() : [],
  });
  sdk.start();

  let server: MetricsServer | undefined;
  return {
    async serveMetrics() {
      if (!prometheus || !config.prometheus) return undefined;
      server = await startMetricsServer(prometheus, config.prometheus.host, config.prometheus.port);
      return server.url;
    },
    async shutdown() {
      await server?.close();
      await sdk.shutdown();
      // Unregistered, so that a process (or a test file) can start telemetry again.
      trace.disable();
      metrics.disable();
      propagation.disable();
      context.disable();
      diag.disable();
    },
  };
}
