/**
 * RFC 8936 polling of the tenant's SETs, for receivers behind firewalls:
 * `POST {SCIM base}/Events/{receiver id}/poll` with the tenant's bearer token and a
 * JSON body `{ "ack": [jti…], "setErrs": {jti: {"err", "description"}}, "maxEvents": n,
 * "returnImmediately": bool }` (§2.4), answered with `{ "sets": {jti: SET…},
 * "moreAvailable": bool }` (§2.5). A malformed body is §2.4.4's 400 `invalid_request`;
 * an unknown receiver is 404, and every other failure a SCIM error as elsewhere.
 */
import { Router } from 'express';
import { LONG_POLL_WAIT_MS, MAX_POLL_EVENTS } from '../../services/identity/events/receivers/poll-limits';
import { isPlainObject } from '../../services/identity/scim/resource/scim-json';
import type { IdentityClients } from '../grpc/identity-clients';
import { methodNotAllowed } from '../scim/scim-error';
import type { RouteContext } from './route-context';

/** Bounds what one poll may acknowledge: a receiver acknowledges at most what polls returned. */
const MAX_ACKS = 10 * MAX_POLL_EVENTS;
/** The long poll's wait, and time to answer after it. */
const POLL_DEADLINE_MS = LONG_POLL_WAIT_MS + 5000;

interface PollBody {
  maxEvents?: number;
  returnImmediately?: boolean;
  ack: string[];
  setErrs: Record<string, { err: string; description: string }>;
}

class InvalidPollRequest extends Error {}

const isText = (value: unknown, limit = 1000): value is string => typeof value === 'string' && value.length <= limit;

/** The poll request, checked field by field (§2.4); every field is optional. */
function parsePollBody(body: unknown): PollBody {
  const input = body === undefined || body === null ? {} : body;
  if (!isPlainObject(input)) throw new InvalidPollRequest('The body must be a JSON object.');
  const { maxEvents, returnImmediately, ack = [], setErrs = {} } = input;
  if (maxEvents !== undefined && !(Number.isInteger(maxEvents) && (maxEvents as number) >= 0)) throw new InvalidPollRequest('maxEvents must be a whole number from 0.');
  if (returnImmediately !== undefined && typeof returnImmediately !== 'boolean') throw new InvalidPollRequest('returnImmediately must be true or false.');
  if (!Array.isArray(ack) || ack.length > MAX_ACKS || !ack.every((jti) => isText(jti, 200))) throw new InvalidPollRequest(`ack must be an array of at most ${MAX_ACKS} jti strings.`);
  if (!isPlainObject(setErrs) || Object.keys(setErrs).length > MAX_ACKS) throw new InvalidPollRequest('setErrs must be an object of jti to error.');
  const errors: PollBody['setErrs'] = {};
  for (const [jti, error] of Object.entries(setErrs)) {
    if (!isText(jti, 200) || !isPlainObject(error) || !isText(error.err, 100) || !(error.description === undefined || isText(error.description))) {
      throw new InvalidPollRequest('Each setErrs entry is {"err": "...", "description": "..."}.');
    }
    errors[jti] = { err: error.err, description: typeof error.description === 'string' ? error.description : '' };
  }
  return { maxEvents: maxEvents as number | undefined, returnImmediately: returnImmediately as boolean | undefined, ack: ack as string[], setErrs: errors };
}

export function eventRoutes(clients: IdentityClients, context: RouteContext): Router {
  const router = Router();
  const path = '/Events/:receiverId/poll';
  router.post(path, async (req, res) => {
    let body: PollBody;
    try {
      body = parsePollBody(req.body);
    } catch (error) {
      if (!(error instanceof InvalidPollRequest)) throw error;
      res.status(400).json({ err: 'invalid_request', description: error.message });
      return;
    }
    const scope = context.scope(res);
    const events = clients.events;
    const response = await clients.call(
      events.pollSecurityEvents.bind(events),
      {
        receiverId: String(req.params.receiverId),
        maxEvents: body.maxEvents === undefined ? undefined : Math.min(body.maxEvents, MAX_POLL_EVENTS),
        returnImmediately: body.returnImmediately ?? false,
        acks: body.ack,
        setErrors: body.setErrs,
      },
      // A long poll waits for SETs before it answers: its deadline allows for that.
      { ...scope, deadlineMs: Math.max(scope.deadlineMs, POLL_DEADLINE_MS) },
    );
    res.status(200).json({ sets: response.sets ?? {}, moreAvailable: response.moreAvailable ?? false });
  });
  router.all(path, methodNotAllowed('POST'));
  return router;
}
