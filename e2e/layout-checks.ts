import type { Page } from '@playwright/test';

/**
 * What a worker would find wrong with the screen as laid out now, in words (empty when none):
 *
 * - the page is wider than the viewport (it scrolls sideways), or a text or control reaches past
 *   the screen's edge or is cut by its own box (e.g. a 승인번호 with digits clipped);
 * - a text or control, scrolled into view the way the browser does it for focus or find-in-page,
 *   still lies under something else: the bottom bar 이전 | 확인, a banner, a toast. This is checked
 *   twice: the element found at its centre must be itself or inside it, and no fixed or sticky
 *   element may overlap it (a toast with pointer-events: none escapes the first check, not this one).
 *
 * Leaves the page scrolled to the top.
 */
export async function layoutProblems(page: Page): Promise<string[]> {
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
  return page.evaluate(() => {
    const problems: string[] = [];
    const root = document.documentElement;
    const viewWidth = root.clientWidth;
    const viewHeight = root.clientHeight;
    if (root.scrollWidth > viewWidth) problems.push(`the page is ${root.scrollWidth}px wide on a ${viewWidth}px screen`);

    const name = (el: Element) => {
      const text = (el.getAttribute('aria-label') ?? el.textContent ?? '').replace(/\s+/g, ' ').trim();
      const testId = el.getAttribute('data-testid');
      return `<${el.tagName.toLowerCase()}${testId ? ` data-testid=${testId}` : ''}> "${text.slice(0, 40)}"`;
    };
    const shown = (el: Element) => {
      const r = el.getBoundingClientRect();
      return r.width >= 2 && r.height >= 2 && el.checkVisibility({ opacityProperty: true, visibilityProperty: true });
    };
    const all = [...document.body.querySelectorAll('*')];
    const overlays = all.filter((el) => ['fixed', 'sticky'].includes(getComputedStyle(el).position) && shown(el));
    const targets = [
      ...document.body.querySelectorAll(
        'button, a[href], input, select, textarea, label, progress, h1, h2, h3, p, dt, dd, th, td, li, [data-testid]',
      ),
    ].filter(shown);

    for (const el of targets) {
      const style = getComputedStyle(el);
      const fixedHere = overlays.some((o) => o.contains(el) && getComputedStyle(o).position === 'fixed');
      if (!fixedHere) el.scrollIntoView({ block: 'nearest', inline: 'nearest', behavior: 'instant' });
      const r = el.getBoundingClientRect();
      if (r.left < -1 || r.right > viewWidth + 1)
        problems.push(`${name(el)} reaches past the screen's edge (${Math.round(r.left)}–${Math.round(r.right)}px)`);
      if (style.overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 1 && !(el instanceof HTMLInputElement)) {
        problems.push(`${name(el)} is cut: ${el.scrollWidth}px of content in ${el.clientWidth}px`);
      }
      for (const overlay of overlays) {
        if (overlay.contains(el) || el.contains(overlay)) continue;
        const o = overlay.getBoundingClientRect();
        const w = Math.min(r.right, o.right) - Math.max(r.left, o.left);
        const h = Math.min(r.bottom, o.bottom) - Math.max(r.top, o.top);
        if (w > 1 && h > 1) problems.push(`${name(el)} lies under ${name(overlay)}`);
      }
      if (style.pointerEvents === 'none') continue;
      const x = Math.min(Math.max((r.left + r.right) / 2, 0), viewWidth - 1);
      const y = Math.min(Math.max((r.top + Math.min(r.bottom, r.top + viewHeight)) / 2, 0), viewHeight - 1);
      const hit = document.elementFromPoint(x, y);
      if (hit === null || !(hit === el || el.contains(hit))) {
        problems.push(`${name(el)} is covered by ${hit ? name(hit) : 'nothing on screen'} at its centre`);
      }
    }
    window.scrollTo({ top: 0, left: 0, behavior: 'instant' });
    return [...new Set(problems)];
  });
}
