/**
 * How long one analysis of a workspace folder may read files before it stops. An ordinary workspace takes a few
 * milliseconds; this bounds what a hostile one can cost the editor on every keystroke. Reading stops between files:
 * the first file not read gets a `file-unreadable` diagnostic ("analysis stopped after N ms"), the files already read
 * keep theirs, and the next edit or save tries again.
 */
export const ANALYSIS_BUDGET_MS = 1500;
