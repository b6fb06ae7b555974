import * as path from 'node:path';
import type { ConfigNode, EffectiveSetting, LagrangeImplementation, Localized, NoneBotProject, Range } from '../../model';
import { masked, t } from '../../l10n';
import { describeDifference } from '../../text/secrets';
import { WRONG_KEYS } from '../../nonebot/keys';
import { maskUrl } from '../../text/secrets';

/** Where to point at an implementation as a whole: its Type value, else its key, else its opening brace. */
export { lagrangeAnchor as implAnchor } from '../../lagrange/adapter';
import { lagrangeAnchor as implAnchor, lagrangeEntryPath } from '../../lagrange/adapter';

/** A field's value location, or the implementation's anchor when the field is absent. */
export function fieldOrAnchor(impl: LagrangeImplementation, key: string): { file: string; range: Range; node?: ConfigNode } {
  const node = impl.fields[key.toLowerCase()];
  return node ? { file: node.file, range: node.valueRange, node } : implAnchor(impl);
}

/** "Implementations[0] (ReverseWebSocket)" in both languages; "(no Type)" for an array entry without one. */
export function implLabel(impl: LagrangeImplementation): Localized {
  const where = lagrangeEntryPath(impl);
  if (!impl.type && !impl.fields.type && impl.form === 'array') return t(`${where} (no Type)`, `${where}（无 Type）`);
  const type = impl.type ?? impl.typeText ?? '?';
  return t(`${where} (${type})`, `${where}（${type}）`);
}

/** ".env.prod line 3", or "the default" / "the process environment". */
export function settingOrigin(s: EffectiveSetting | undefined): Localized {
  if (!s || s.isDefault) return t('the default', '默认值');
  if (s.fromProcessEnv) return t('the process environment', '进程环境变量');
  const e = s.entry!;
  return t(`${path.basename(e.file)} line ${e.line + 1}`, `${path.basename(e.file)} 第 ${e.line + 1} 行`);
}

/** Entries whose names people copy for the token but NoneBot does not read (ONE_BOT_ACCESS_TOKEN…). */
export function misspeltTokenEntries(p: NoneBotProject) {
  return p.envFiles
    .filter((f) => p.loaded.includes(f.file))
    .flatMap((f) => f.entries)
    .filter((e) => /ACCESS_TOKEN|TOKEN$/.test(WRONG_KEYS[e.key.toUpperCase()] ?? ''));
}

/**
 * What NoneBot really compares for a token or secret setting, and how older versions differ (docs/facts/nonebot.md#env-file-loading, docs/facts/nonebot.md#token-value-by-version):
 * NoneBot 2.5 keeps the python-dotenv value as written (unquoted); 2.3 (pydantic 1) JSON-decodes it first, so `123456`
 * becomes '123456', `true` 'True', `null` no token at all and `'"abc"'` 'abc'; 2.4.0–2.4.3 (pydantic 2) crash at
 * startup on a number or boolean. A value only in the process environment is ignored up to 2.4.3.
 */
export interface NoneBotSecretValue {
  /** The value NoneBot 2.5 compares ("" when unset or empty: no check). */
  value: string;
  /** What NoneBot 2.3 ends up with (null: nothing, the check is off), when it differs from `value`. */
  legacy?: string | null;
  /** A sentence on the versions that differ, or empty texts. */
  versionNote: Localized;
}

export function nonebotSecretValue(s: EffectiveSetting | undefined): NoneBotSecretValue {
  const value = s?.value ?? '';
  const none = t('', '');
  if (!s || value === '') return { value, versionNote: none };
  if (s.fromProcessEnv && !s.entry)
    return {
      value,
      legacy: null,
      versionNote: t(
        ` (NoneBot 2.4.3 and older ignore adapter settings that are only in the process environment; 2.4.4+ read them.)`,
        `（NoneBot 2.4.3 及更早版本会忽略只在进程环境变量中设置的适配器配置；2.4.4 起才读取。）`,
      ),
    };
  const kind = s.decodedKind;
  const d = s.decoded;
  let legacy: string | null | undefined;
  if (kind === 'null') legacy = null;
  else if (kind === 'boolean') legacy = d ? 'True' : 'False';
  else if (kind === 'number') legacy = pythonNumberStr(value.trim(), d as number);
  else if (kind === 'string' && typeof d === 'string' && d !== value) legacy = d;
  if (legacy === undefined || legacy === value) return { value, versionNote: none };
  const crash = kind === 'number' || kind === 'boolean';
  const old = legacy === null ? t('no token at all (the check is off)', '没有令牌（不做校验）') : { en: `${masked(legacy).en}`, zh: `${masked(legacy).zh}` };
  return {
    value,
    legacy,
    versionNote: t(
      ` (This compares what NoneBot 2.5 uses, the text as written; NoneBot 2.3 JSON-decodes it to ${old.en}${crash ? ', and 2.4.0–2.4.3 crash at startup on it' : ''}.)`,
      `（此处按 NoneBot 2.5 的行为比较，即所写的原文；NoneBot 2.3 会将其 JSON 解码为 ${old.zh}${crash ? '，2.4.0–2.4.3 则会在启动时因此崩溃' : ''}。）`,
    ),
  };
}

/** str() of the number Python's json.loads returns for this text (int stays int; floats print with ".0"). */
function pythonNumberStr(text: string, n: number): string {
  if (/^-?\d+$/.test(text)) return BigInt(text).toString();
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'nan' : n > 0 ? 'inf' : '-inf';
  return Number.isInteger(n) && Math.abs(n) < 1e16 ? `${n}.0` : String(n);
}

/** True when NoneBot's value comes only from its process environment: editing a .env file would not change it. */
export function fromProcessEnvOnly(s: EffectiveSetting | undefined): boolean {
  return !!s?.fromProcessEnv && !s.entry;
}

/** A note for messages when the winning value comes from the process environment. */
export function processEnvNote(s: EffectiveSetting | undefined): Localized {
  return fromProcessEnvOnly(s)
    ? t(
        ` ${s!.name} comes from NoneBot's process environment (it beats every .env file): change it where NoneBot is started.`,
        `${s!.name} 来自 NoneBot 的进程环境变量（优先于所有 .env 文件）：请在启动 NoneBot 的地方修改它。`,
      )
    : t('', '');
}

/**
 * Where to point at a NoneBot setting that only has its default: line 1 of the first .env file NoneBot loads (the
 * place a line would be added), else bot.py's first line, else the folder's `.env` path at 0:0.
 */
function defaultSettingLocation(p: NoneBotProject, text: (file: string) => string | undefined): { file: string; range: Range } {
  const file = p.loaded[0] ?? p.botPy ?? path.join(p.dir, '.env');
  const body = text(file) ?? '';
  const firstLine = body.split(/\r\n|\r|\n/, 1)[0] ?? '';
  return { file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: firstLine.length } } };
}

/** The winning entry's value, or (for a default) line 1 of the first loaded .env file. */
export function settingValueLocation(
  p: NoneBotProject,
  s: EffectiveSetting | undefined,
  text: (file: string) => string | undefined,
): { file: string; range: Range } {
  if (s?.entry) return { file: s.entry.file, range: s.entry.valueRange };
  return defaultSettingLocation(p, text);
}

/**
 * A Host that carries a path (`ws://h/path`, `h/path`): Lagrange appends `:{Port}{Suffix}` after it, so the port
 * lands in the path and the default port (80/443) is dialled (docs/facts/lagrange.md#url-composition). Undefined when Host has none.
 */
export function hostWithPath(impl: LagrangeImplementation): { base: string; path: string } | undefined {
  const m = /^((?:[a-z][a-z0-9+.-]*:\/\/)?[^/]*)(\/.*)$/i.exec(impl.host.trim());
  return m && m[1] !== '' && !m[1].endsWith(':') && !/^[a-z][a-z0-9+.-]*:\/\/$/i.test(m[1]) ? { base: m[1], path: m[2] } : undefined;
}

/** A URL as it may be shown: credentials and secret-looking query values masked (text/secrets.ts maskUrl). */
export function displayUrl(url: string): string {
  return maskUrl(url);
}

/**
 * Two tokens masked, and how they differ without revealing either (lengths, the first differing position, surrounding
 * whitespace, letter case: `describeDifference`). `how` ends with a space, to sit before the consequence.
 */
export function describeTokens(a: string, b: string, names?: { a: Localized; b: Localized }): { a: Localized; b: Localized; how: Localized } {
  const d = describeDifference(a, b, names);
  return { a: masked(a), b: masked(b), how: { en: `${d.en} `, zh: d.zh } };
}
