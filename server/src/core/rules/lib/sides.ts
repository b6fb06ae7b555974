import * as path from 'node:path';
import type { ConfigNode, EffectiveSetting, LagrangeImplementation, Link, Localized, NoneBotProject, Range } from '../../model';
import { masked, t } from '../../l10n';
import { WRONG_KEYS } from '../../nonebot/keys';

/** Where to point at an implementation as a whole: its Type value, else its opening brace. */
export function implAnchor(impl: LagrangeImplementation): { file: string; range: Range } {
  const type = impl.fields['type'];
  if (type && type.file === impl.node.file) return { file: type.file, range: type.valueRange };
  if (impl.node.keyRange) return { file: impl.node.file, range: impl.node.keyRange };
  const s = impl.node.valueRange.start;
  return { file: impl.node.file, range: { start: s, end: { line: s.line, character: s.character + 1 } } };
}

/** A field's value location, or the implementation's anchor when the field is absent. */
export function fieldOrAnchor(impl: LagrangeImplementation, key: string): { file: string; range: Range; node?: ConfigNode } {
  const node = impl.fields[key.toLowerCase()];
  return node ? { file: node.file, range: node.valueRange, node } : implAnchor(impl);
}

/** "Implementations[0] (ReverseWebSocket)" in both languages. */
export function implLabel(impl: LagrangeImplementation): Localized {
  const where =
    impl.form === 'array' ? `Implementations[${impl.sectionKey}]` : impl.form === 'object' ? `Implementations.${impl.sectionKey}` : `Implementation.${impl.sectionKey}`;
  if (!impl.type && !impl.fields['type'] && impl.form === 'array') return t(`${where} (no Type)`, `${where}（无 Type）`);
  return t(`${where} (${impl.type ?? impl.typeText ?? '?'})`, `${where}（${impl.type ?? impl.typeText ?? '?'}）`);
}

/** ".env.prod line 3", or "the default" / "the process environment". */
export function settingOrigin(s: EffectiveSetting | undefined): Localized {
  if (!s || s.isDefault) return t('the default', '默认值');
  if (s.fromProcessEnv) return t('the process environment', '进程环境变量');
  const e = s.entry!;
  return t(`${path.basename(e.file)} line ${e.line + 1}`, `${path.basename(e.file)} 第 ${e.line + 1} 行`);
}

/** The V11 token NoneBot checks: a non-empty string, or undefined when auth is off. */
export function nonebotToken(p: NoneBotProject): string | undefined {
  const v = p.accessToken?.value;
  return v === undefined || v === '' ? undefined : v;
}

/** Entries whose names people copy for the token but NoneBot does not read (ONE_BOT_ACCESS_TOKEN…). */
export function misspeltTokenEntries(p: NoneBotProject) {
  return p.envFiles
    .filter((f) => p.loaded.includes(f.file))
    .flatMap((f) => f.entries)
    .filter((e) => /ACCESS_TOKEN|TOKEN$/.test(WRONG_KEYS[e.key.toUpperCase()] ?? ''));
}

export function maskedPair(a: string | null | undefined, b: string | null | undefined): { a: Localized; b: Localized } {
  return { a: masked(a), b: masked(b) };
}

/** Text appended to a message when the pairing was a guess. */
export function assumedNote(link: Link): Localized {
  return link.assumed ? t(` (Pairing ${link.reason.en}.)`, `（配对${link.reason.zh}。）`) : t('', '');
}

export function nonebotName(p: NoneBotProject): string {
  return path.basename(p.dir) || p.dir;
}
