/**
 * The Prometheus scrape endpoint, on its own admin port so that it is never exposed
 * with the SCIM API: GET /metrics, nothing else.
 */
import type { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface MetricsServer {
  /** http://host:port/metrics, with the port the OS chose when asked for 0. */
  url: string;
  close(): Promise<void>;
}

export async function startMetricsServer(exporter: PrometheusExporter, host: string, port: number): Promise<MetricsServer> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method === 'GET' && path === '/metrics') {
      exporter.getMetricsRequestHandler(req, res);
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Metrics are at GET /metrics.\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}/metrics`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
