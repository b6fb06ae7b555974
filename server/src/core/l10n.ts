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

/** Token masking lives in text/secrets.ts (the policy, URLs, headers, differences); kept here for its callers. */
export { maskToken, maskTokenZh, masked } from './text/secrets';
