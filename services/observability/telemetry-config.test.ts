import { ConfigError } from '../config/env';
import { loadTelemetryConfig } from './telemetry-config';

const defaults = { serviceName: 'openscim-adapter', metricsPort: 9464 };
const load = (env: NodeJS.ProcessEnv) => loadTelemetryConfig(env, defaults);

describe('telemetry configuration from OTEL_* and METRICS_*', () => {
  it('traces nothing and serves Prometheus on loopback when nothing is set', () => {
    expect(load({})).toEqual({
      enabled: true,
      serviceName: 'openscim-adapter',
      tracing: false,
      otlpMetrics: undefined,
      prometheus: { host: '127.0.0.1', port: 9464 },
      sdkLogLevel: undefined,
    });
  });

  it('traces and pushes metrics when an OTLP endpoint is named, with http/protobuf unless told otherwise', () => {
    const config = load({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' });
    expect(config.tracing).toBe(true);
    expect(config.otlpMetrics).toEqual({ protocol: 'http/protobuf', intervalMs: 60_000, timeoutMs: 30_000 });
  });

  it('reads the metric export interval and keeps the timeout within it', () => {
    const config = load({ OTEL_METRICS_EXPORTER: 'otlp', OTEL_METRIC_EXPORT_INTERVAL: '1000' });
    expect(config.otlpMetrics).toEqual({ protocol: 'http/protobuf', intervalMs: 1000, timeoutMs: 1000 });
  });

  it.each(['grpc', 'http/protobuf', 'http/json'])('accepts OTEL_EXPORTER_OTLP_PROTOCOL=%s', (protocol) => {
    expect(load({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_EXPORTER_OTLP_PROTOCOL: protocol }).otlpMetrics?.protocol).toBe(protocol);
  });

  it('lets OTEL_EXPORTER_OTLP_METRICS_PROTOCOL override the general protocol', () => {
    const config = load({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4317', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'http/json' });
    expect(config.otlpMetrics?.protocol).toBe('http/json');
  });

  it('fails on an unknown protocol rather than falling back silently', () => {
    expect(() => load({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http' })).toThrow(ConfigError);
    expect(() => load({ OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'udp' })).toThrow(ConfigError);
  });

  it('follows OTEL_TRACES_EXPORTER and OTEL_METRICS_EXPORTER, none included', () => {
    expect(load({ OTEL_TRACES_EXPORTER: 'console' }).tracing).toBe(true);
    expect(load({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' }).tracing).toBe(false);
    expect(load({ OTEL_METRICS_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' }).otlpMetrics).toBeUndefined();
    expect(load({ OTEL_METRICS_EXPORTER: 'otlp' }).otlpMetrics?.protocol).toBe('http/protobuf');
    expect(load({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c:4318/v1/traces' })).toMatchObject({ tracing: true, otlpMetrics: undefined });
  });

  it('reads METRICS_PORT and METRICS_HOST, 0 for a free port, off or -1 for none', () => {
    expect(load({ METRICS_PORT: '0', METRICS_HOST: '0.0.0.0' }).prometheus).toEqual({ host: '0.0.0.0', port: 0 });
    expect(load({ METRICS_PORT: 'off' }).prometheus).toBeUndefined();
    expect(load({ METRICS_PORT: '-1' }).prometheus).toBeUndefined();
    expect(() => load({ METRICS_PORT: '70000' })).toThrow(ConfigError);
    expect(() => load({ METRICS_PORT: 'nine' })).toThrow(ConfigError);
  });

  it('turns everything off with OTEL_SDK_DISABLED=true', () => {
    expect(load({ OTEL_SDK_DISABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' })).toMatchObject({
      enabled: false,
      tracing: false,
      otlpMetrics: undefined,
      prometheus: undefined,
    });
  });
});
