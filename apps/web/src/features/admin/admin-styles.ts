/**
 * The dashboard's own styles, shipped in its lazy chunk (as a <style> element) so that no one
 * else's first load carries them. They build on the app's variables and classes.
 */
export const ADMIN_CSS = `
.admin-tabs { display: flex; gap: 0.25rem; overflow-x: auto; margin: 0 -1rem 1rem; padding: 0 1rem; border-bottom: 1px solid var(--border); scrollbar-width: none; }
.admin-tabs [role='tab'] { flex: none; min-height: 44px; padding: 0.5rem 0.9rem; border: 0; border-bottom: 3px solid transparent; background: none; color: var(--muted); font-weight: 600; cursor: pointer; }
.admin-tabs [role='tab'][aria-selected='true'] { color: var(--accent); border-bottom-color: var(--accent); }
.admin-figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(8.5rem, 1fr)); gap: 0.5rem; margin: 0 0 0.75rem; }
.admin-figures div { background: var(--surface); border: 1px solid var(--border); border-radius: 10px; padding: 0.6rem 0.75rem; }
.admin-figures dt { color: var(--muted); font-size: 0.8rem; }
.admin-figures dd { margin: 0; font-size: 1.2rem; font-weight: 700; font-variant-numeric: tabular-nums; }
.admin-table-wrap { overflow-x: auto; }
.admin-table { width: 100%; border-collapse: collapse; font-size: 0.875rem; font-variant-numeric: tabular-nums; }
.admin-table caption { text-align: left; font-weight: 700; padding-bottom: 0.5rem; }
.admin-table th, .admin-table td { padding: 0.4rem 0.5rem; border-bottom: 1px solid var(--border); text-align: right; white-space: nowrap; }
.admin-table th:first-child, .admin-table td:first-child { text-align: left; }
.admin-table tbody th { font-weight: 600; }
.admin-table .bad { color: var(--false); font-weight: 700; }
.admin-chart { margin: 0 0 0.75rem; }
.admin-chart svg { display: block; width: 100%; height: auto; }
.admin-legend { display: flex; flex-wrap: wrap; gap: 0.25rem 0.75rem; padding: 0; margin: 0.5rem 0 0; list-style: none; font-size: 0.8rem; }
.admin-legend span[aria-hidden] { display: inline-block; width: 0.7rem; height: 0.7rem; border-radius: 2px; margin-right: 0.3rem; vertical-align: middle; }
.admin-list { list-style: none; padding: 0; margin: 0; }
.admin-list > li { background: var(--surface); border: 1px solid var(--border); border-radius: 10px; padding: 0.75rem; margin-bottom: 0.5rem; }
.admin-list .meta { color: var(--muted); font-size: 0.8rem; display: flex; flex-wrap: wrap; gap: 0.25rem 0.75rem; margin-top: 0.25rem; }
.admin-flags { display: flex; flex-wrap: wrap; gap: 0.25rem; margin-top: 0.35rem; }
.admin-flag { font-size: 0.75rem; padding: 0.05rem 0.5rem; border: 1px solid var(--border); border-radius: 999px; color: var(--muted); }
.admin-form { display: grid; gap: 0.5rem; }
.admin-form label { font-weight: 600; font-size: 0.9rem; }
.admin-form input, .admin-form textarea, .admin-form select, .admin-select { min-height: 44px; padding: 0.5rem 0.75rem; border: 1px solid var(--border); border-radius: 10px; background: var(--surface); width: 100%; }
.admin-form textarea { min-height: 6rem; resize: vertical; }
.admin-select { width: auto; }
.admin-status { font-size: 0.75rem; font-weight: 700; padding: 0.05rem 0.5rem; border-radius: 999px; background: var(--surface-2); }
`;
