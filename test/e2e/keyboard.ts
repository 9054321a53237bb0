/**
 * Walking a page by keyboard alone: Tab moves the focus and every stop is checked as a person
 * would see it — the element has the site's focus outline (at least 2 px, not the browser's
 * thin default), is in the window at least in part and not covered there (the point in the
 * middle of its visible part is the element itself), and the order goes down the page (a stop wholly above the previous
 * one is a focus order that jumps back). Activation is Enter or Space, never a click.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';

/** What the keyboard focus is on, and how it looks. */
export interface FocusStop {
  readonly tag: string;
  readonly id: string;
  /** The accessible-ish name: the label's text, the element's text or its value. */
  readonly name: string;
  readonly top: number;
  readonly bottom: number;
  readonly left: number;
  /** Empty when the stop looks right; otherwise what is wrong with it. */
  readonly problems: readonly string[];
}

const DESCRIBE_FOCUS = `(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const s = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  const problems = [];
  const outline = s.outlineStyle !== 'none' && s.outlineStyle !== 'auto' && parseFloat(s.outlineWidth) >= 2;
  const shadow = s.boxShadow && s.boxShadow !== 'none';
  if (!outline && !shadow) problems.push('no visible focus of its own (outline ' + s.outlineStyle + ' ' + s.outlineWidth + ')');
  if (r.width === 0 || r.height === 0) problems.push('focused but not shown');
  // WCAG 2.4.11: the focused element is not entirely hidden — some of it is in the window and
  // the middle of that part is the element itself, not something drawn over it.
  const first = el.getClientRects()[0] || r;
  const top = Math.max(first.top, 0), bottom = Math.min(first.bottom, innerHeight);
  const left = Math.max(first.left, 0), right = Math.min(first.right, innerWidth);
  if (r.width > 0 && r.height > 0 && (bottom <= top || right <= left))
    problems.push('outside the window (' + Math.round(r.left) + ',' + Math.round(r.top) + ' – ' + Math.round(r.right) + ',' + Math.round(r.bottom) + ' in ' + innerWidth + '×' + innerHeight + ')');
  else if (r.width > 0 && r.height > 0) {
    // A link broken over two lines has a box per line: the first one's centre is on the link.
    const hit = document.elementFromPoint((left + right) / 2, (top + bottom) / 2);
    const label = hit && hit.closest('label');
    if (!(hit === el || el.contains(hit) || (label && label.contains(el))))
      problems.push('covered by ' + (hit ? hit.tagName.toLowerCase() + (hit.className ? '.' + hit.className : '') : 'nothing'));
  }
  const labels = el.labels && el.labels.length ? [...el.labels].map((l) => l.textContent).join(' ') : '';
  const name = (labels || el.getAttribute('aria-label') || el.textContent || el.value || '').replace(/\\s+/g, ' ').trim();
  return { tag: el.tagName.toLowerCase(), id: el.id, name, top: r.top + scrollY, bottom: r.bottom + scrollY, left: r.left, problems };
})()`;

/** The element that has the focus now, or null on the document itself. */
export async function focusStop(page: Page): Promise<FocusStop | null> {
  return (await page.evaluate(DESCRIBE_FOCUS)) as FocusStop | null;
}

/** One line naming a stop, for messages. */
function nameOf(stop: FocusStop | null): string {
  return stop ? `${stop.tag}${stop.id ? `#${stop.id}` : ''} «${stop.name.slice(0, 60)}»` : 'the document';
}

/** Does `stop` match `target`: an id (`#login`), or a text the name starts with, or a pattern. */
function matches(stop: FocusStop, target: string | RegExp): boolean {
  if (target instanceof RegExp) return target.test(stop.name);
  if (target.startsWith('#')) return stop.id === target.slice(1);
  return stop.name.startsWith(target);
}

/**
 * Presses Tab (Shift+Tab with `back`) until the focus is on `target`, checking every stop on
 * the way; fails naming the stops when it never gets there or when one of them looks wrong.
 */
export async function tabTo(
  page: Page,
  target: string | RegExp,
  options: { limit?: number; back?: boolean } = {},
): Promise<FocusStop> {
  const seen: string[] = [];
  let previous = await focusStop(page);
  for (let i = 0; i < (options.limit ?? 30); i++) {
    await page.keyboard.press(options.back ? 'Shift+Tab' : 'Tab');
    const stop = await focusStop(page);
    seen.push(nameOf(stop));
    if (!stop) continue;
    const where = `${new URL(page.url()).pathname}: ${nameOf(stop)}`;
    assert.deepEqual(stop.problems, [], `focus stop ${where}`);
    if (previous && !options.back) {
      assert.ok(
        stop.bottom > previous.top,
        `focus order goes back up the page: ${nameOf(previous)} then ${where}`,
      );
    }
    previous = stop;
    if (matches(stop, target)) return stop;
  }
  assert.fail(`Tab never reached ${String(target)} on ${page.url()}; stops: ${seen.join(' → ')}`);
}

/** Tab to `target` and press Enter on it, waiting for the page that answers when it navigates. */
export async function enterOn(page: Page, target: string | RegExp, navigates = true): Promise<void> {
  await tabTo(page, target);
  if (navigates) await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
  else await page.keyboard.press('Enter');
}

/** Types into the focused field after clearing it (Ctrl+A, Backspace), as a person would. */
export async function retype(page: Page, text: string): Promise<void> {
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(text);
}
