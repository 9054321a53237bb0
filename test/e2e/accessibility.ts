/**
 * The accessibility gate of the browser tests: every page a test's browser loads is checked by
 * axe-core (WCAG 2.0/2.1/2.2 A and AA rules and axe's best practices — landmarks, headings) and
 * for horizontal overflow (`scrollWidth` wider than the window). Closing the context fails the
 * test with every violation found on any of its pages.
 *
 * How a check stays in step with the test: axe is added to every document by an init script
 * (the DevTools protocol's "evaluate on new document", which the pages' Content-Security-Policy
 * does not apply to — the check must not weaken it) and runs inside the page as soon as it has
 * loaded; the page reports through a binding. Every navigation request of the page (a link, a
 * form, a redirect) is held until the document it leaves has reported, and `goto`, `reload`,
 * the history, `emulateMedia` and `setViewportSize` wait for it before they start: nothing is
 * missed and nothing races; keys typed wait the same way (the first Tab shows the skip link, which
 * changes the page). Nothing is asked of the old document once a navigation has begun
 * (Chromium holds DevTools messages to a frame that is navigating away), so it cannot stall.
 * axe only reads the page, so a test filling fields meanwhile is not disturbed.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Result } from 'axe-core';
import type { BrowserContext, Page, Request, Route } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** WCAG 2.2 level AA (which includes A and the 2.0/2.1 rules) and axe's best practices. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa', 'best-practice'];

const BINDING = '__propuskAccessibilityReport';
/** A document that never reports (a download, a browser error page) holds nobody longer than this. */
const REPORT_WAIT_MS = 8_000;

/** Runs in every top-level document: axe once it has loaded, then the report. */
const IN_PAGE = `
if (window.top === window) {
  window.addEventListener('load', () => {
    setTimeout(async () => {
      const report = { url: location.href, html: document.contentType === 'text/html', width: window.innerWidth, violations: [], scroll: 0, error: null };
      try {
        if (report.html) {
          const results = await axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(AXE_TAGS)} }, resultTypes: ['violations'] });
          report.violations = results.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
          report.scroll = document.documentElement.scrollWidth;
          report.width = window.innerWidth;
        }
      } catch (err) {
        report.error = String(err && err.stack || err);
      }
      window.${BINDING}(JSON.stringify(report));
    }, 0);
  });
}`;

interface InPageReport {
  readonly url: string;
  readonly html: boolean;
  readonly width: number;
  readonly scroll: number;
  readonly violations: readonly Pick<Result, 'id' | 'impact' | 'help' | 'nodes'>[];
  readonly error: string | null;
}

/** One line per element that breaks a rule: rule, impact, what to fix and where. */
function describe(violation: InPageReport['violations'][number]): string[] {
  return violation.nodes.map(
    (node) =>
      `${violation.id} (${violation.impact ?? 'n/a'}): ${violation.help} — ${node.target.join(' ')}: ${
        node.failureSummary?.replace(/\s+/g, ' ') ?? ''
      }`,
  );
}

/** What one report says is wrong, or nothing. */
export function problemsOf(report: InPageReport): string[] {
  if (!report.html) return [];
  const problems = report.violations.flatMap(describe);
  if (report.error) problems.push(`the check failed: ${report.error}`);
  if (report.scroll > report.width) {
    problems.push(`overflow: the page is ${report.scroll} px wide in a window of ${report.width} px`);
  }
  return problems;
}

/** Per page: how many documents loaded, how many reported, and who waits for the next report. */
interface PageState {
  loads: number;
  reports: number;
  waiting: (() => void)[];
}

/** The checks of one browser context and what they found. */
class ContextGate {
  readonly #pages = new Map<Page, PageState>();
  readonly #found: string[] = [];

  #state(page: Page): PageState {
    let state = this.#pages.get(page);
    if (!state) {
      state = { loads: 0, reports: 0, waiting: [] };
      this.#pages.set(page, state);
    }
    return state;
  }

  watch(page: Page): void {
    const state = this.#state(page);
    page.on('load', () => {
      state.loads = Math.max(state.loads + 1, state.reports);
    });
    page.on('close', () => this.#release(state, true));
    // A navigation the browser starts (goto, reload, history) and a change of media or size
    // wait for the report of the document on screen before they start.
    const settled = () => this.settled(page);
    const { goto, reload, goBack, goForward, emulateMedia, setViewportSize } = page;
    page.goto = async (...args) => {
      await settled();
      return goto.apply(page, args);
    };
    page.reload = async (...args) => {
      await settled();
      return reload.apply(page, args);
    };
    page.goBack = async (...args) => {
      await settled();
      return goBack.apply(page, args);
    };
    page.goForward = async (...args) => {
      await settled();
      return goForward.apply(page, args);
    };
    page.emulateMedia = async (...args) => {
      await settled();
      return emulateMedia.apply(page, args);
    };
    page.setViewportSize = async (...args) => {
      await settled();
      return setViewportSize.apply(page, args);
    };
    // So do keys: the first Tab shows the skip link, and a check running meanwhile would see
    // the page with it on screen rather than as it loaded.
    const keyboard = page.keyboard;
    const { press, type, down, insertText } = keyboard;
    keyboard.press = async (...args) => {
      await settled();
      return press.apply(keyboard, args);
    };
    keyboard.type = async (...args) => {
      await settled();
      return type.apply(keyboard, args);
    };
    keyboard.down = async (...args) => {
      await settled();
      return down.apply(keyboard, args);
    };
    keyboard.insertText = async (...args) => {
      await settled();
      return insertText.apply(keyboard, args);
    };
  }

  report(page: Page, json: string): void {
    const state = this.#state(page);
    state.reports += 1;
    const report = JSON.parse(json) as InPageReport;
    const problems = problemsOf(report);
    if (problems.length > 0) {
      const entry = `${report.url} at ${report.width} px:\n${problems.map((p) => `  ${p}`).join('\n')}`;
      this.#found.push(entry);
      // Also told at once: a test that fails for another reason still shows what axe saw.
      process.stderr.write(`accessibility: ${entry}\n`);
    }
    if (state.reports >= state.loads) this.#release(state, false);
  }

  #release(state: PageState, all: boolean): void {
    if (all) state.reports = Math.max(state.reports, state.loads);
    for (const wake of state.waiting.splice(0)) wake();
  }

  /** Resolves once every loaded document of `page` has reported (or after REPORT_WAIT_MS). */
  async settled(page: Page): Promise<void> {
    const state = this.#state(page);
    if (state.reports >= state.loads) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        process.stderr.write(`accessibility: no report from ${page.url()} within ${REPORT_WAIT_MS} ms\n`);
        state.reports = state.loads;
        resolve();
      }, REPORT_WAIT_MS);
      state.waiting.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Holds a page's navigation until the document it leaves has reported. */
  async hold(route: Route, request: Request): Promise<void> {
    if (request.isNavigationRequest()) {
      const frame = request.frame();
      const page = frame.page();
      if (frame === page.mainFrame()) await this.settled(page);
    }
    await route.fallback();
  }

  async settleAll(): Promise<void> {
    await Promise.all([...this.#pages.keys()].map((page) => this.settled(page)));
  }

  get found(): readonly string[] {
    return this.#found;
  }
}

const gates = new WeakMap<BrowserContext, ContextGate>();

/**
 * Puts every page of `context` (present and future) under the gate, and makes `context.close()`
 * throw when any of them had a violation. Call it right after creating the context, before its
 * first page.
 */
export async function guardContext(
  context: BrowserContext,
  options: { scripts?: boolean } = {},
): Promise<void> {
  // Without JavaScript axe cannot run in the page; the same pages are checked with it elsewhere.
  if (options.scripts === false) return;
  const gate = new ContextGate();
  gates.set(context, gate);
  await context.addInitScript({ content: `${AXE_SOURCE}\n${IN_PAGE}` });
  await context.exposeBinding(BINDING, (source, json: string) => gate.report(source.page, json));
  for (const page of context.pages()) gate.watch(page);
  context.on('page', (page) => gate.watch(page));
  await context.route('**/*', (route, request) => gate.hold(route, request));
  const close = context.close.bind(context);
  context.close = async (options) => {
    await gate.settleAll();
    await close(options);
    if (gate.found.length > 0) {
      throw new Error(`accessibility violations on ${gate.found.length} page(s):\n${gate.found.join('\n')}`);
    }
  };
}

/** Waits for the checks of `page`'s context and answers what they found so far. */
export async function violationsOf(page: Page): Promise<readonly string[]> {
  const gate = gates.get(page.context());
  if (!gate) throw new Error('the page is not under the accessibility gate');
  await gate.settleAll();
  return gate.found;
}
