// The renderings of a report: a text table for the terminal, self-contained HTML pages with inline SVG plots.
export { textReport, table, width } from './text.ts';
export { reportHtml, compareHtml } from './html.ts';
