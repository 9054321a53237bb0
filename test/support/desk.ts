/**
 * What the desk's HTTP tests share: the addresses of the demo schools' desks, a harness per
 * suite with signing in and the counts and audit the tests compare, and readers of the pages
 * (printable invitations, the refusal message, a field's error, a person's row).
 */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import type { AuditRecord } from '../../src/core/audit/audit.js';
import type { DialectName } from '../../src/db/connect.js';
import { Browser, type Harness, startHarness } from './harness.js';

export const DESK = '/r/eljur/desk';
export const ORG = '/r/eljur/desk/1399';
export const PRINT = '/r/eljur/desk/1399/print';
export const PASSWORD = '/r/eljur/desk/1399/password';
export const D_ORG = '/r/dnevnik/desk/1535';
export const D_NEW = '/r/dnevnik/desk/1535/people/new';
export const REGISTRATION_URL = 'https://propusk.test/r/eljur/s/1399/hello';

export interface Sheet {
  readonly person: string;
  readonly prefix: string;
  readonly forWhom: string;
  readonly name: string;
  readonly code: string;
  readonly text: string;
}

/** The printable invitations of a page, in page order. */
export function sheetsOf(body: string): Sheet[] {
  const articles = [
    ...body.matchAll(
      /<article class="invitation" data-person="([^"]+)" data-prefix="([^"]+)">([\s\S]*?)<\/article>/g,
    ),
  ];
  return articles.map((m) => {
    const inner = m[3] ?? '';
    const pick = (cls: string): string =>
      new RegExp(`<[a-z]+ class="${cls}">([^<]*)<`).exec(inner)?.[1]?.trim() ?? '';
    return {
      person: m[1] ?? '',
      prefix: m[2] ?? '',
      forWhom: pick('for-whom'),
      name: pick('invitee'),
      code: pick('code'),
      text: inner,
    };
  });
}

export function errorMessageOf(body: string): string | null {
  return /<p class="error-message" data-status="\d+">([^<]*)<\/p>/.exec(body)?.[1] ?? null;
}

export function fieldErrorOf(body: string, field: string): string | null {
  return (
    new RegExp(`<p class="field-error" id="${field}-error">([\\s\\S]*?)</p>`).exec(body)?.[1]?.trim() ?? null
  );
}

/** The table row of a person on the organisation page. */
export function rowOf(body: string, personId: string): string {
  const row = new RegExp(`<tr class="person [a-z]+" data-person="${personId}"[\\s\\S]*?</tr>`).exec(
    body,
  )?.[0];
  assert.ok(row, `no row for ${personId}`);
  return row;
}

export function unescapeHtml(text: string): string {
  return text
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** A fresh harness for the suite it is called in, and what the desk's tests do with it. */
export function useDesk(dialect: DialectName) {
  let current: Harness | undefined;
  before(async () => {
    current = await startHarness(dialect);
  });
  after(async () => {
    await current?.close();
  });
  const harness = (): Harness => {
    assert.ok(current, 'the harness starts before the tests');
    return current;
  };

  async function signIn(realm: string, login: string, password: string): Promise<Browser> {
    const b = new Browser(harness().app);
    const res = await b.submit(`/r/${realm}/login`, `/r/${realm}/login`, { login, password });
    assert.equal(res.statusCode, 303, `${login} signs in`);
    return b;
  }

  const curator = (): Promise<Browser> => signIn('eljur', 'curator1399', 'Kurator2026zhurnal');

  async function personId(realm: string, lastName: string, firstName: string): Promise<string> {
    const row = await harness()
      .services.db.selectFrom('people')
      .select('id')
      .where('realm_id', '=', realm)
      .where('last_name', '=', lastName)
      .where('first_name', '=', firstName)
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async function classId(realm: string, slug: string, name: string): Promise<string> {
    const org = await harness().services.organisations.findBySlug(realm, slug);
    assert.ok(org);
    const row = await harness()
      .services.db.selectFrom('classes')
      .select('id')
      .where('organisation_id', '=', org.id)
      .where('name', '=', name)
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async function invitationCount(): Promise<number> {
    const row = await harness()
      .services.db.selectFrom('invitations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async function peopleCount(): Promise<number> {
    const row = await harness()
      .services.db.selectFrom('people')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async function auditOf(action: string, subjectId?: string): Promise<AuditRecord[]> {
    const events = await harness().services.audit.listForRealm('eljur', 1000);
    return events.filter(
      (e) => e.action === action && (subjectId === undefined || e.subjectId === subjectId),
    );
  }

  async function print(b: Browser, fields: Record<string, string>): Promise<LightMyRequestResponse> {
    return b.submit(ORG, PRINT, fields);
  }

  return { harness, signIn, curator, personId, classId, invitationCount, peopleCount, auditOf, print };
}
