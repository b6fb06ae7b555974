import type { Lang, Localized } from './model';

/** Builds a Localized text. */
export function t(en: string, zh: string): Localized {
  return { en, zh };
}

export function pick(text: Localized, lang: Lang): string {
  return lang === 'zh' ? text.zh : text.en;
}

/** Maps a VS Code / CLI locale ("zh-cn", "zh-CN", "zh-Hans", "en-US") to a product language. */
export function langFromLocale(locale: string | undefined): Lang {
  return locale && /^zh(?:[-_](?:cn|hans|sg))?$/i.test(locale.trim()) ? 'zh' : 'en';
}

/**
 * A token as it may be shown anywhere: its length and first 2 characters, never the rest.
 * `""` is shown as an empty token, `null` as absent.
 */
export function maskToken(token: string | null | undefined): string {
  if (token === null || token === undefined) return '(none)';
  if (token.length === 0) return '(empty)';
  const head = token.length <= 2 ? token.slice(0, 1) : token.slice(0, 2);
  return `${head}… (${token.length} chars)`;
}

export function maskTokenZh(token: string | null | undefined): string {
  if (token === null || token === undefined) return '（无）';
  if (token.length === 0) return '（空）';
  const head = token.length <= 2 ? token.slice(0, 1) : token.slice(0, 2);
  return `${head}…（${token.length} 个字符）`;
}

/** Both masked forms, for use in a Localized message. */
export function masked(token: string | null | undefined): Localized {
  return { en: maskToken(token), zh: maskTokenZh(token) };
}

/** Joins Localized fragments with a template per language. */
export function fmt(parts: TemplateStringsArray, ...args: (Localized | string | number)[]): (lang: Lang) => string {
  return (lang) => parts.reduce((acc, p, i) => acc + p + (i < args.length ? arg(args[i], lang) : ''), '');
}

function arg(a: Localized | string | number, lang: Lang): string {
  return typeof a === 'object' ? pick(a, lang) : String(a);
}
