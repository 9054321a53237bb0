/**
 * Growing delays in Redis, shared by every instance: the steps of backoff.ts (`settle`,
 * `attemptStep`, `forgiveStep`, `peekStep`) as one Lua script, so each operation reads and
 * writes its key atomically — Redis runs a script to its end before the next command.
 *
 * A key is a hash {c: count, n: next attempt at, s: forgetting counted since}; it expires (in
 * Redis' own time) some minutes after everything in it is forgotten.
 */
import type { Redis } from 'ioredis';
import type { Clock } from '../clock.js';
import type { Backoff, BackoffSpec } from './backoff.js';

// ARGV: now, op, free, first delay (ms), max delay (ms), forget period (ms), forgiven
const SCRIPT = `
local now = tonumber(ARGV[1])
local op = ARGV[2]
local free = tonumber(ARGV[3])
local first = tonumber(ARGV[4])
local maxDelay = tonumber(ARGV[5])
local period = tonumber(ARGV[6])
local raw = redis.call('HMGET', KEYS[1], 'c', 'n', 's')
local count = tonumber(raw[1])
local nextAt = tonumber(raw[2])
local since = tonumber(raw[3])
if count then
  local periods = math.floor(math.max(0, now - since) / period)
  count = math.max(0, count - periods)
  since = since + periods * period
  if count == 0 and nextAt <= now then count = nil end
end
local function save()
  local expires = math.max(since + count * period, nextAt)
  redis.call('HSET', KEYS[1], 'c', count, 'n', nextAt, 's', since)
  redis.call('PEXPIRE', KEYS[1], math.max(0, expires - now) + 600000)
end
if op == 'peek' or op == 'attempt' then
  if count and now < nextAt then return {0, nextAt - now} end
  if op == 'peek' then return {1, 0} end
  if not count then count = 0; since = now end
  count = count + 1
  local delay = 0
  if count >= free then delay = math.min(maxDelay, first * 2 ^ math.min(count - free, 30)) end
  nextAt = now + delay
  save()
  return {1, count}
end
if op == 'forgive' then
  if not count then return {1, 0} end
  count = math.max(0, count - tonumber(ARGV[7]))
  if count == 0 then redis.call('DEL', KEYS[1]); return {1, 0} end
  if count < free then nextAt = 0 end
  save()
  return {1, count}
end
redis.call('DEL', KEYS[1])
return {1, 0}
`;

export function redisBackoff(redis: Redis, spec: BackoffSpec, clock: Clock): Backoff {
  const run = async (key: string, op: 'peek' | 'attempt' | 'forgive' | 'reset', forgiven = 0) => {
    const reply = (await redis.eval(
      SCRIPT,
      1,
      `propusk:backoff:${spec.name}:${key}`,
      clock.now(),
      op,
      spec.free,
      spec.firstDelaySeconds * 1000,
      spec.maxDelaySeconds * 1000,
      spec.forgetSeconds * 1000,
      forgiven,
    )) as [number, number];
    return { passed: reply[0] === 1, value: reply[1] };
  };
  const retryAfterSeconds = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));
  return {
    async peek(key) {
      const { passed, value } = await run(key, 'peek');
      return passed ? { allowed: true } : { allowed: false, retryAfterSeconds: retryAfterSeconds(value) };
    },
    async attempt(key) {
      const { passed, value } = await run(key, 'attempt');
      return passed
        ? { allowed: true, count: value }
        : { allowed: false, retryAfterSeconds: retryAfterSeconds(value) };
    },
    async forgive(key, count) {
      await run(key, 'forgive', count);
    },
    async reset(key) {
      await run(key, 'reset');
    },
  };
}
