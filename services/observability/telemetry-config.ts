/**
 * What telemetry a process runs, read once from the environment: the standard OTEL_*
 * variables (the SDK itself reads the exporter endpoint, headers, sampler and
 * resource from them) and METRICS_PORT / METRICS_HOST for the Prometheus endpoint.
 * Tracing is off unless an exporter or an OTLP endpoint is named, so an unconfigured
 * process sends nothing anywhere and its spans are non-recording.
 */
import { ConfigError, envInteger, envString } from '../config/env';

export const OTLP_PROTOCOLS = ['grpc', 'http/protobuf', 'http/json'] as const;
export type OtlpProtocol = (typeof OTLP_PROTOCOLS)[number];

export interface TelemetryConfig {
  /** False when OTEL_SDK_DISABLED=true: no spans, no metrics, no endpoint. */
  enabled: boolean;
  /** service.name unless OTEL_SERVICE_NAME or OTEL_RESOURCE_ATTRIBUTES sets one. */
  serviceName: string;
  /** Export spans with the exporter the OTEL_* variables describe. */
  tracing: boolean;
  /** Also push metrics over OTLP: with this protocol, every `intervalMs`, each export given `timeoutMs`. */
  otlpMetrics?: { protocol: OtlpProtocol; intervalMs: number; timeoutMs: number };
  /** Where the Prometheus scrape endpoint listens; undefined when METRICS_PORT is off. */
  prometheus?: { host: string; port: number };
  /** OTEL_LOG_LEVEL, when set: the SDK then reports its own problems on the console at that level. */
  sdkLogLevel?: string;
}

export interface TelemetryDefaults {
  serviceName: string;
  metricsPort: number;
}

const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim().toLowerCase())
    .filter((item) => item !== '');

function protocol(env: NodeJS.ProcessEnv, name: string, fallback: OtlpProtocol): OtlpProtocol {
  const value = envString(env, name, fallback).trim();
  if (!(OTLP_PROTOCOLS as readonly string[]).includes(value)) {
    throw new ConfigError(`${name} must be one of ${OTLP_PROTOCOLS.join(', ')}, not ${JSON.stringify(value)}.`);
  }
  return value as OtlpProtocol;
}

export function loadTelemetryConfig(env: NodeJS.ProcessEnv, defaults: TelemetryDefaults): TelemetryConfig {
  const enabled = envString(env, 'OTEL_SDK_DISABLED', 'false').trim().toLowerCase() !== 'true';
  const general = protocol(env, 'OTEL_EXPORTER_OTLP_PROTOCOL', 'http/protobuf');
  // Checked here so that a typo fails the start; the SDK reads it when it builds the span exporter.
  protocol(env, 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', general);
  const metricsProtocol = protocol(env, 'OTEL_EXPORTER_OTLP_METRICS_PROTOCOL', general);
  const tracesExporters = list(env.OTEL_TRACES_EXPORTER);
  const tracing =
    tracesExporters.length > 0
      ? !tracesExporters.includes('none')
      : Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
  // Prometheus is governed by METRICS_PORT; of the other metric exporters only OTLP is offered.
  const metricsExporters = list(env.OTEL_METRICS_EXPORTER);
  const otlpMetrics =
    metricsExporters.length > 0
      ? metricsExporters.includes('otlp') && !metricsExporters.includes('none')
      : Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT);
  const intervalMs = envInteger(env, 'OTEL_METRIC_EXPORT_INTERVAL', 60_000, { min: 100, max: 86_400_000 });
  // The SDK refuses a timeout longer than the interval, so it is capped to it.
  const timeoutMs = Math.min(intervalMs, envInteger(env, 'OTEL_METRIC_EXPORT_TIMEOUT', 30_000, { min: 100, max: 86_400_000 }));
  const metricsPort = envString(env, 'METRICS_PORT', String(defaults.metricsPort)).trim().toLowerCase();
  const prometheus =
    metricsPort === 'off' || metricsPort === '-1'
      ? undefined
      : { host: envString(env, 'METRICS_HOST', '127.0.0.1'), port: envInteger({ METRICS_PORT: metricsPort }, 'METRICS_PORT', defaults.metricsPort, { min: 0, max: 65535 }) };
  return {
    enabled,
    serviceName: defaults.serviceName,
    tracing: enabled && tracing,
    otlpMetrics: enabled && otlpMetrics ? { protocol: metricsProtocol, intervalMs, timeoutMs } : undefined,
    prometheus: enabled ? prometheus : undefined,
    sdkLogLevel: env.OTEL_LOG_LEVEL || undefined,
  };
}
