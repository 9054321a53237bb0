/**
 * SMS costs money: caps per phone per hour, per IP address per hour and per realm per day.
 * Over any cap nothing is queued and the person is told to try later.
 */
import type { LimiterFactory } from '../core/throttle/throttle.js';

export interface SmsCaps {
  readonly perPhonePerHour: number;
  readonly perIpPerHour: number;
  readonly perRealmPerDay: number;
}

export type BudgetDecision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly retryAfterSeconds: number };

export interface SmsBudget {
  reserve(input: { realmId: string; phone: string; ip: string }): Promise<BudgetDecision>;
}

export function smsBudget(limiters: LimiterFactory, caps: SmsCaps): SmsBudget {
  const phone = limiters.limiter({ name: 'sms-phone', points: caps.perPhonePerHour, windowSeconds: 3600 });
  const ip = limiters.limiter({ name: 'sms-ip', points: caps.perIpPerHour, windowSeconds: 3600 });
  const realm = limiters.limiter({ name: 'sms-realm', points: caps.perRealmPerDay, windowSeconds: 86_400 });
  return {
    async reserve(input) {
      const checks = [
        [phone, `${input.realmId}:${input.phone}`],
        [ip, input.ip],
        [realm, input.realmId],
      ] as const;
      for (const [limiter, key] of checks) {
        const state = await limiter.check(key);
        if (!state.allowed) return state;
      }
      for (const [limiter, key] of checks) {
        const state = await limiter.hit(key);
        if (!state.allowed) return state;
      }
      return { allowed: true };
    },
  };
}
