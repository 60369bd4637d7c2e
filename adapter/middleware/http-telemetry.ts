/**
 * The SERVER span of each request, and the HTTP request metrics. Explicit middleware
 * rather than the http instrumentation's require hooks: it works wherever the app
 * runs (a test runner loads modules itself), and it names spans and series by route
 * template, which only Express knows. A caller's W3C trace context is continued.
 */
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_URL_SCHEME,
  ATTR_USER_AGENT_ORIGINAL,
} from '@opentelemetry/semantic-conventions';
import type { RequestHandler } from 'express';
import { ATTR_REQUEST_ID, ATTR_SCIM_TYPE, ATTR_TENANT_ID } from '../../services/observability/attributes';
import { recordHttpRequest } from '../../services/observability/metrics';
import { tracer } from '../../services/observability/tracing';
import { routeTemplate } from './route-template';

/** Any other method is recorded as `_OTHER`, so that a client cannot mint series (OpenTelemetry's HTTP conventions). */
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

export function httpTelemetry(): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    const method = KNOWN_METHODS.has(req.method) ? req.method : '_OTHER';
    const parent = propagation.extract(ROOT_CONTEXT, req.headers);
    const userAgent = req.get('user-agent');
    const span = tracer.startSpan(
      method,
      {
        kind: SpanKind.SERVER,
        attributes: {
          [ATTR_HTTP_REQUEST_METHOD]: method,
          [ATTR_URL_SCHEME]: req.protocol,
          ...(userAgent ? { [ATTR_USER_AGENT_ORIGINAL]: userAgent } : {}),
        },
      },
      parent,
    );
    // 'close' rather than 'finish': it also comes when the client goes away before the answer.
    res.once('close', () => {
      const route = routeTemplate(req, res);
      const status = res.statusCode;
      if (route) {
        span.updateName(`${method} ${route}`);
        span.setAttribute(ATTR_HTTP_ROUTE, route);
      }
      span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
      if (typeof res.locals.requestId === 'string') span.setAttribute(ATTR_REQUEST_ID, res.locals.requestId);
      if (typeof res.locals.tenant === 'string') span.setAttribute(ATTR_TENANT_ID, res.locals.tenant);
      if (typeof res.locals.scimType === 'string') span.setAttribute(ATTR_SCIM_TYPE, res.locals.scimType);
      if (!res.writableFinished) span.setAttribute(ATTR_ERROR_TYPE, 'aborted');
      // Only a 5xx is the server's failure; a 4xx is the client's, and the span of a correct refusal.
      if (status >= 500) {
        span.setAttribute(ATTR_ERROR_TYPE, String(status));
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
      span.end();
      recordHttpRequest({ method, route, status }, (performance.now() - started) / 1000);
    });
    context.with(trace.setSpan(parent, span), next);
  };
}
