/**
 * Empty text as none, for config/webhookSpec.ts, the one reader of object files left in
 * config/ (every other kind's files are read by its definition's `fromFile`, kinds/).
 * It could import `nullableString` from kinds/rules.ts itself, and this file go.
 */
export { nullableString as description } from '../kinds/rules.ts';
