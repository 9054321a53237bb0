/**
 * Registration through Gosuslugi (article 002, «Процесс регистрации … без логина и пароля»):
 * a profile the school entered with full name and SNILS, without a login, found by ESIA. Three
 * steps on the flow engine, bound to the browser, for the ESIA account that found the profile:
 *
 *   personal ⇄ security ⇄ password ──«Готово!»──▶ done
 *
 * Each page takes only its own state: a step reached by typing its address before the one
 * before it is done is refused. What the person gives is kept in the flow until «Готово!»
 * writes it all in one transaction.
 */
import { HOUR } from '../../core/clock.js';
import type { Flow } from '../../core/flows/flow-store.js';
import { defineFlow } from '../../core/flows/machine.js';

export type WizardState = 'personal' | 'security' | 'password' | 'done';

export interface WizardData extends Record<string, string | number | boolean | null> {
  readonly oid: string;
  readonly gender: 'male' | 'female' | null;
  readonly birthDate: string | null;
  readonly email: string | null;
  readonly phone: string | null;
  readonly news: boolean;
  /** An application's sign-in to go on to after «Отлично!» (read as absent when an older flow has none). */
  readonly returnTo: string | null;
  /** The login offered on «Новый пароль». */
  readonly login: string;
}

export type WizardFlow = Flow<WizardState, WizardData>;

export const WIZARD_TTL_MS = HOUR;
export const WIZARD_COOKIE = 'propusk_esia_wizard';
export const WIZARD_STEPS = ['personal', 'security', 'password'] as const;

export const esiaWizard = defineFlow<WizardState, WizardData>({
  kind: 'esia-registration',
  transitions: {
    personal: ['security'],
    security: ['personal', 'password'],
    password: ['security', 'done'],
    done: [],
  },
  ended: ['done'],
});
