// Tables that become card lists on phones: each cell carries its column's
// name (`data-label`), which the phone's CSS shows before the cell's value
// (styles.css, ≤ 37.5rem). The table widget (layout.ts) labels its own cells;
// `labelTables` labels the tables a screen builds by hand, from their header.

/** The column names of a table's header row, a cell spanning n columns counted n times. */
function columns(table: HTMLTableElement): string[] {
  const row = table.tHead?.rows[0];
  if (!row) return [];
  return Array.from(row.cells).flatMap((c) => Array<string>(c.colSpan || 1).fill(c.textContent?.trim() ?? ''));
}

/** Gives every body cell of the tables under `root` (and `root` itself) its column's name. */
export function labelTables(root: ParentNode): void {
  const tables = Array.from(root.querySelectorAll('table'));
  if (root instanceof HTMLTableElement) tables.push(root);
  for (const table of tables) {
    const names = columns(table);
    if (names.length === 0) continue;
    table.classList.add('cards');
    for (const body of Array.from(table.tBodies)) {
      for (const row of Array.from(body.rows)) {
        let i = 0;
        for (const cell of Array.from(row.cells)) {
          if (!cell.hasAttribute('data-label') && names[i]) cell.setAttribute('data-label', names[i]);
          i += cell.colSpan || 1;
        }
      }
    }
  }
}

/**
 * A table wider than its box scrolls sideways: keyboard users must reach
 * it (axe's scrollable-region-focusable), so its box takes the focus then.
 */
function focusableWhenScrolling(root: ParentNode): void {
  const wraps = Array.from(root.querySelectorAll<HTMLElement>('.table-wrap'));
  if (root instanceof HTMLElement && root.classList.contains('table-wrap')) wraps.push(root);
  requestAnimationFrame(() => {
    for (const w of wraps) {
      if (w.scrollWidth > w.clientWidth + 1) w.tabIndex = 0;
      else w.removeAttribute('tabindex');
    }
  });
}

/** Keeps labelling the tables drawn under `root`, however they are drawn (a list refreshed in place too). */
export function watchTables(root: HTMLElement): void {
  labelTables(root);
  focusableWhenScrolling(root);
  window.addEventListener('resize', () => focusableWhenScrolling(root));
  new MutationObserver((changes) => {
    for (const c of changes) {
      for (const n of Array.from(c.addedNodes))
        if (n instanceof Element) {
          labelTables(n);
          focusableWhenScrolling(n);
        }
      if (c.target instanceof Element) {
        const table = c.target.closest('table');
        if (table) labelTables(table);
      }
    }
  }).observe(root, { childList: true, subtree: true });
}
