/**
 * `GET /metrics` (Prometheus text) behind `Authorization: Bearer <METRICS_TOKEN>`, and the request
 * latency histogram. Without METRICS_TOKEN neither exists: the path is a 404 and no hook runs.
 *
 * The histogram is fed by one `onResponse` hook per route, attached when the route is declared
 * (`onRoute`), holding that route's label children already made — one per status class — so a
 * request costs an array index and `observe`, nothing else (no label objects, no map lookups,
 * no `request.routeOptions`, which builds an object per access). Requests that match no route
 * (404s of unknown paths) are not in it. The token is compared as keyed hashes, in constant time.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, onResponseHookHandler } from 'fastify';
import type { Services } from '../services.js';
import { sendError } from '../web/error-handler.js';

const STATUS_CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx'] as const;

export function registerMetrics(app: FastifyInstance, services: Services): void {
  const { metrics } = services;
  const token = services.config.metricsToken;
  if (!metrics || !token) return;
  const expected = services.keyed.hash('metrics-token', token);

  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const method = methods.join(',');
    const children = STATUS_CLASSES.map((c) => metrics.requestDuration.labels(route.url, method, c));
    const measure: onResponseHookHandler = (_request, reply, done) => {
      children[((reply.statusCode / 100) | 0) - 1]?.observe(reply.elapsedTime / 1000);
      done();
    };
    const existing = route.onResponse;
    route.onResponse =
      existing === undefined
        ? [measure]
        : Array.isArray(existing)
          ? [...existing, measure]
          : [existing, measure];
  });

  app.get('/metrics', async (request: FastifyRequest, reply: FastifyReply) => {
    const match = /^Bearer +(\S{1,200})$/.exec(request.headers.authorization ?? '');
    if (!match?.[1] || !services.keyed.matches('metrics-token', match[1], expected)) {
      reply.header('www-authenticate', 'Bearer realm="metrics"');
      return sendError(request, reply, 'unauthenticated', 'json');
    }
    const text = await metrics.registry.metrics();
    return reply.type(metrics.registry.contentType).send(text);
  });
}
