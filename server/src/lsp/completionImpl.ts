import { CompletionItemKind, type CompletionItem, type Position } from 'vscode-languageserver';
import type { Lang, Localized, WorkspaceModel } from '../core/model';
import { pick } from '../core/l10n';
import { LineIndex } from '../core/text/lineIndex';
import { NAPCAT_ARRAYS, NAPCAT_ENTRY_FIELDS, napcatDefault, napcatEntryFields, type NapCatArray } from '../core/impl/napcat/keys';
import { CONNECT_FIELDS, CONNECT_TYPES, type ConnectType } from '../core/impl/llonebot/keys';
import { SERVER_NAMES, SERVER_TYPES } from '../core/impl/gocqhttp/keys';
import { ADAPTER_KEYS, PROTOCOLS, SERVER_KEYS, type KoishiProtocol } from '../core/framework/koishi/keys';
import { lookupSetting, type SettingDoc } from '../core/impl/settings';
import { NAPCAT_ENTRY_VALUES, NAPCAT_SETTINGS } from '../core/impl/napcat/settings';
import { GOCQ_SERVER_VALUES, GOCQ_SETTINGS } from '../core/impl/gocqhttp/settings';
import { LLONEBOT_ENTRY_VALUES, LLONEBOT_SETTINGS } from '../core/impl/llonebot/settings';
import { KOISHI_ADAPTER_SETTINGS, KOISHI_SERVER_SETTINGS } from '../core/framework/koishi/settings';
import { nonebotEndpoints } from '../core/nonebot/endpoints';
import { isWildcardHost, parseDialUrl } from '../core/link/urls';
import { maskToken, maskTokenZh } from '../core/text/secrets';
import { t } from '../core/l10n';
import { yamlString } from '../core/impl/yaml';
import type { EndpointProtocol } from '../core/endpoints';

/** Which program's file this is, by the workspace model; undefined when it is none of NapCat, go-cqhttp, LLOneBot, Koishi. */
export function implFileKind(model: WorkspaceModel | undefined, file: string): 'napcat' | 'gocqhttp' | 'llonebot' | 'koishi' | undefined {
  if (!model) return undefined;
  const impl = model.implementations.find((c) => c.implementation !== 'lagrange' && c.files.includes(file));
  if (impl) return impl.implementation as 'napcat' | 'gocqhttp' | 'llonebot';
  return model.koishi.some((k) => k.file === file) ? 'koishi' : undefined;
}

/**
 * Key names of the connection entry under the cursor: a NapCat network array item, an LLOneBot `ob11.connect[]`
 * item, a go-cqhttp `servers[]` block (and its middlewares), a Koishi OneBot adapter or server plugin. Keys already
 * written are left out. Only at a key position; anything else gets nothing.
 */
export function completeImplAt(text: string, file: string, pos: Position, model: WorkspaceModel | undefined, lang: Lang): CompletionItem[] | undefined {
  const kind = implFileKind(model, file);
  if (!kind) return undefined;
  const offset = new LineIndex(text).offset(pos);
  const values = completeValueAt(text, offset, kind, model!, lang);
  if (values) return values;
  if (kind === 'napcat' || kind === 'llonebot') return completeJson5(text, offset, kind, lang);
  return completeYaml(text, pos, kind);
}

interface Frame {
  open: '{' | '[';
  at: number;
  key?: string;
}

/** Scans JSON5 up to `end` (strings, comments skipped): the open brackets around it, each with the key before it. */
function openFrames(text: string, end: number): Frame[] {
  const stack: Frame[] = [];
  let i = 0;
  while (i < end) {
    const ch = text[i];
    if (ch === '"' || ch === "'") {
      i++;
      while (i < end && text[i] !== ch && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
      i++;
    } else if (ch === '/' && text[i + 1] === '/') {
      while (i < end && text[i] !== '\n') i++;
    } else if (ch === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? end : close + 2;
    } else if (ch === '{' || ch === '[') {
      const key = /(["']?)([\w$-]+)\1\s*:\s*$/.exec(text.slice(Math.max(0, i - 200), i))?.[2];
      stack.push({ open: ch, at: i, key });
      i++;
    } else if (ch === '}' || ch === ']') {
      stack.pop();
      i++;
    } else i++;
  }
  return stack;
}

/** The keys written in the object that opens at `at` (its own level only). */
function objectKeys(text: string, at: number): Set<string> {
  const keys = new Set<string>();
  let depth = 0;
  let i = at;
  const re = /(["']?)([\w$-]+)\1\s*:/y;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') {
      depth--;
      if (depth === 0) break;
    } else if (depth === 1 && (ch === '"' || ch === "'" || /[\w$]/.test(ch)) && /[{,\s]/.test(text[i - 1] ?? '')) {
      re.lastIndex = i;
      const m = re.exec(text);
      if (m) keys.add(m[2].toLowerCase());
    }
    if (ch === '"' || ch === "'") {
      i++;
      while (i < text.length && text[i] !== ch && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
    }
    i++;
  }
  return keys;
}

function completeJson5(text: string, offset: number, kind: 'napcat' | 'llonebot', lang: Lang): CompletionItem[] {
  const stack = openFrames(text, offset);
  const obj = stack[stack.length - 1];
  const arr = stack[stack.length - 2];
  if (obj?.open !== '{' || arr?.open !== '[' || !arr.key) return [];
  // At a key: nothing but a partial key since the last ',' or '{'.
  const since = text.slice(Math.max(obj.at, text.lastIndexOf(',', offset - 1)) + 1, offset);
  const typed = /^\s*(["']?)[\w$-]*$/.exec(since);
  if (!typed) return [];
  const quote = typed[1] || (/"[\w$-]+"\s*:/.test(text.slice(obj.at, obj.at + 400)) ? '"' : '');
  const present = objectKeys(text, obj.at);
  let fields: { name: string; doc: Localized; detail?: string }[];
  if (kind === 'napcat') {
    if (!NAPCAT_ARRAYS.includes(arr.key as NapCatArray)) return [];
    const array = arr.key as NapCatArray;
    fields = napcatEntryFields(array).map((f) => ({
      name: f.name,
      doc: f.doc,
      detail: `${f.type} = ${JSON.stringify(napcatDefault(array, f.name) ?? f.default)}`,
    }));
  } else {
    if (arr.key !== 'connect') return [];
    const type = /(["']?)type\1\s*:\s*["']([\w-]+)["']/.exec(text.slice(obj.at, obj.at + 2000))?.[2] as ConnectType | undefined;
    fields = CONNECT_FIELDS.filter((f) => !type || !CONNECT_TYPES.includes(type) || f.types.includes(type)).map((f) => ({ name: f.name, doc: f.doc }));
  }
  return fields
    .filter((f) => !present.has(f.name.toLowerCase()))
    .map((f) => ({
      label: f.name,
      kind: CompletionItemKind.Property,
      detail: f.detail,
      documentation: { kind: 'markdown', value: pick(f.doc, lang) },
      insertText: typed[1] ? f.name : `${quote}${f.name}${quote}: `,
    }));
}

function completeYaml(text: string, pos: Position, kind: 'gocqhttp' | 'koishi'): CompletionItem[] {
  const lines = text.split(/\r?\n/);
  const line = lines[pos.line] ?? '';
  const before = line.slice(0, pos.character);
  if (!/^\s*[\w$-]*$/.test(before)) return [];
  const indent = before.length - before.trimStart().length;
  // The parent: the nearest line above with less indentation (a `- ` item counts its key's column).
  let parent: string | undefined;
  let parentLine = -1;
  for (let l = pos.line - 1; l >= 0; l--) {
    const m = /^(\s*)(-\s+)?([^\s#:][^#]*?):\s*(?:#.*)?$/.exec(lines[l]);
    if (!m) continue;
    const col = m[1].length + (m[2]?.length ?? 0);
    if (col < indent) {
      parent = m[3].trim();
      parentLine = l;
      break;
    }
  }
  if (!parent) return [];
  const siblings = new Set<string>();
  for (let l = parentLine + 1; l < lines.length; l++) {
    const m = /^(\s*)([\w$-]+)\s*:/.exec(lines[l]);
    if (!m) continue;
    if (m[1].length < indent) break;
    if (m[1].length === indent && l !== pos.line) siblings.add(m[2]);
  }
  let keys: string[] = [];
  if (kind === 'gocqhttp') {
    if (SERVER_NAMES.includes(parent)) keys = Object.keys(SERVER_TYPES[parent]);
    else if (parent === 'middlewares') keys = ['access-token', 'filter', 'rate-limit'];
  } else {
    const name = parent.replace(/^~/, '').replace(/:[\w-]+$/, '');
    if (/^(?:koishi-plugin-|@koishijs\/plugin-)?adapter-onebot$/.test(name)) {
      const proto = /^\s*protocol:\s*['"]?([\w-]+)/m.exec(lines.slice(parentLine + 1, parentLine + 40).join('\n'))?.[1] as KoishiProtocol | undefined;
      keys = ADAPTER_KEYS[proto && PROTOCOLS.includes(proto) ? proto : 'ws-reverse'];
    } else if (/^(?:koishi-plugin-|@koishijs\/plugin-)?server$/.test(name)) keys = SERVER_KEYS;
  }
  return keys.filter((k) => !siblings.has(k)).map((k) => ({ label: k, kind: CompletionItemKind.Property, insertText: `${k}: ` }));
}

// ---------------------------------------------------------------------------------------------------------------
// Value completion
// ---------------------------------------------------------------------------------------------------------------

/** One value offered after `key:`: the text written, what the list shows, and whether it is a token (masked label). */
interface ValueOffer {
  value: string;
  /** A JSON5 string (quoted) or a bare literal (booleans, numbers). */
  literal: 'string' | 'bare';
  detail: Localized;
  doc?: Localized;
  secret?: boolean;
}

/** Where the value after `key:` starts on the cursor's line, the key's path, and the quote the user opened. */
interface ValueSite {
  path: string[];
  key: string;
  start: number;
  quote: '' | '"' | "'";
  /** The entry's own text (the object or block around the key), for sibling keys such as `type` or `protocol`. */
  entry: string;
}

/**
 * Completion after `key:` in NapCat, go-cqhttp, LLOneBot and Koishi files: closed value sets (booleans,
 * `messagePostFormat`, `type`, `protocol`…), the URL the linked framework listens on, Koishi's `path` and `endpoint`
 * from the implementation's side, and tokens / secrets configured on the other side. A token's label and detail are
 * masked; the inserted text is the token itself (it goes into the user's own file). Undefined when the cursor is not
 * at a value.
 */
function completeValueAt(
  text: string,
  offset: number,
  kind: 'napcat' | 'gocqhttp' | 'llonebot' | 'koishi',
  model: WorkspaceModel,
  lang: Lang,
): CompletionItem[] | undefined {
  const site = kind === 'napcat' || kind === 'llonebot' ? json5Site(text, offset) : yamlSite(text, offset);
  if (!site) return undefined;
  const offers = valueOffers(kind, site, model);
  const typed = text.slice(site.start, offset);
  const closing = site.quote && text[offset] === site.quote ? 1 : 0;
  const lines = new LineIndex(text);
  const range = { start: lines.position(site.start), end: lines.position(offset + closing) };
  const json = kind === 'napcat' || kind === 'llonebot';
  const quote = site.quote || (json ? (kind === 'llonebot' || /"[\w$-]+"\s*:/.test(text) ? '"' : "'") : '');
  const seen = new Set<string>();
  const items: CompletionItem[] = [];
  for (const o of offers) {
    if (seen.has(o.value)) continue;
    seen.add(o.value);
    let newText: string;
    // A boolean replaces an opened quote too (the range covers it): `true`, never the string "true".
    if (o.literal === 'bare') newText = o.value;
    else if (json) newText = `${quote}${o.value.replace(/\\/g, '\\\\').replace(new RegExp(quote, 'g'), `\\${quote}`)}${quote}`;
    else newText = site.quote === "'" ? `'${o.value.replace(/'/g, "''")}'` : site.quote === '"' ? JSON.stringify(o.value) : yamlString(o.value);
    const label = o.secret ? (lang === 'zh' ? maskTokenZh(o.value) : maskToken(o.value)) : o.value;
    items.push({
      label,
      kind: o.secret ? CompletionItemKind.Constant : CompletionItemKind.Value,
      detail: pick(o.detail, lang),
      documentation: o.doc ? { kind: 'markdown', value: pick(o.doc, lang) } : undefined,
      // The typed text filters the list; a token is matched by its masked label only.
      filterText: o.secret ? `${typed}${label}` : `${typed.slice(0, site.quote ? 1 : 0)}${o.value}`,
      textEdit: { range, newText },
      sortText: String(items.length).padStart(3, '0'),
    });
  }
  return items;
}

function json5Site(text: string, offset: number): ValueSite | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  const m = /(["']?)([\w$-]+)\1\s*:\s*(["']?)([^"'\n,{}[\]]*)$/.exec(before);
  if (!m) return undefined;
  const keyAt = lineStart + m.index;
  const frames = openFrames(text, keyAt);
  const path: string[] = [];
  for (let i = 1; i < frames.length; i++) path.push(frames[i - 1].open === '[' ? '[]' : (frames[i].key ?? '?'));
  const obj = frames[frames.length - 1];
  const entry = obj ? text.slice(obj.at, obj.at + 2000) : '';
  return { path, key: m[2], start: offset - m[4].length - m[3].length, quote: m[3] as ValueSite['quote'], entry };
}

function yamlSite(text: string, offset: number): ValueSite | undefined {
  const lines = text.slice(0, offset).split(/\r?\n/);
  const before = lines[lines.length - 1];
  const m = /^(\s*)(-\s+)?([\w$-]+):[ \t]+(['"]?)([^'"#]*)$/.exec(before);
  if (!m) return undefined;
  let indent = m[1].length + (m[2]?.length ?? 0);
  const path: string[] = [];
  let entryStart = lines.length - 1;
  for (let l = lines.length - 2; l >= 0; l--) {
    const p = /^(\s*)(-\s+)?([^\s#][^#]*?):\s*(?:#.*)?$/.exec(lines[l]);
    if (!p) continue;
    const col = p[1].length + (p[2]?.length ?? 0);
    if (col < indent) {
      if (path.length === 0) entryStart = l;
      path.unshift(p[3].trim());
      indent = col;
      if (col === 0) break;
    }
  }
  const all = text.split(/\r?\n/);
  const entry = all.slice(entryStart, entryStart + 40).join('\n');
  return { path, key: m[3], start: offset - m[5].length - m[4].length, quote: m[4] as ValueSite['quote'], entry };
}

const bool = (v: readonly string[]) => v.every((x) => x === 'true' || x === 'false');

function closedSet(values: readonly string[] | undefined, name: string, dflt?: string | number | boolean, doc?: Localized): ValueOffer[] {
  return (values ?? []).map((v) => ({
    value: v,
    literal: bool(values!) ? 'bare' : 'string',
    detail: String(dflt) === v ? t(`${name} (default)`, `${name}（默认）`) : t(name, name),
    doc,
  }));
}

function valueOffers(kind: 'napcat' | 'gocqhttp' | 'llonebot' | 'koishi', site: ValueSite, model: WorkspaceModel): ValueOffer[] {
  const { path, key } = site;
  const full = [...path, key];
  const product = { napcat: 'NapCat', gocqhttp: 'go-cqhttp', llonebot: 'LLOneBot', koishi: 'Koishi' }[kind];
  const fromTable = (table: readonly SettingDoc[], p: string[]) => {
    const d = lookupSetting(table, p);
    return d?.values ? closedSet(d.values, `${product} ${d.key}`, d.default, d.doc) : [];
  };
  if (kind === 'napcat') {
    const array = path[0] === 'network' && path[2] === '[]' ? path[1] : undefined;
    if (array) {
      if (key === 'url' && array === 'websocketClients') return listenerUrls(model, 'ws-reverse');
      if (key === 'url' && array === 'httpClients') return listenerUrls(model, 'http-post');
      if (key === 'token') return array === 'httpClients' ? frameworkSecrets(model) : frameworkTokens(model);
      const f = NAPCAT_ENTRY_FIELDS.find((x) => x.name === key);
      return closedSet(NAPCAT_ENTRY_VALUES[key], `NapCat ${array}[].${key}`, napcatDefault(array as NapCatArray, key), f?.doc);
    }
    if (path.length === 0 && key === 'token') return frameworkTokens(model);
    return fromTable(NAPCAT_SETTINGS, full);
  }
  if (kind === 'llonebot') {
    if (path[0] === 'ob11' && path[1] === 'connect' && path[2] === '[]') {
      const type = /(["']?)type\1\s*:\s*["']([\w-]+)["']/.exec(site.entry)?.[2];
      if (key === 'url') return listenerUrls(model, type === 'http-post' ? 'http-post' : 'ws-reverse');
      if (key === 'token') return type === 'http-post' ? frameworkSecrets(model) : frameworkTokens(model);
      return closedSet(LLONEBOT_ENTRY_VALUES[key], `LLOneBot ob11.connect[].${key}`, undefined, CONNECT_FIELDS.find((x) => x.name === key)?.doc);
    }
    if (full.join('.') === 'ob11.token') return frameworkTokens(model);
    if (full.join('.') === 'ob11.httpSecret') return frameworkSecrets(model);
    return fromTable(LLONEBOT_SETTINGS, full);
  }
  if (kind === 'gocqhttp') {
    const server = path[0] === 'servers' ? path[1] : undefined;
    if (server === 'ws-reverse' && ['universal', 'api', 'event'].includes(key)) return listenerUrls(model, 'ws-reverse');
    if (server === 'http' && path[2] === 'post' && key === 'url') return listenerUrls(model, 'http-post');
    if (server === 'http' && path[2] === 'post' && key === 'secret') return frameworkSecrets(model);
    if (key === 'access-token') return frameworkTokens(model);
    if (server) {
      return closedSet(GOCQ_SERVER_VALUES[key], `go-cqhttp ${server}.${key}`);
    }
    return fromTable(GOCQ_SETTINGS, full);
  }
  // Koishi: the key's plugin is the nearest ancestor that names one.
  for (let i = path.length - 1; i >= 0; i--) {
    const name = path[i].replace(/^~/, '').replace(/:[\w-]+$/, '');
    const rel = [...path.slice(i + 1), key];
    if (/^(?:koishi-plugin-|@koishijs\/plugin-)?adapter-onebot$/.test(name)) {
      const proto = /^\s*protocol:\s*['"]?([\w-]+)/m.exec(site.entry)?.[1] ?? 'ws-reverse';
      if (rel.join('.') === 'path') return koishiPaths(model);
      if (rel.join('.') === 'endpoint') return implListenerUrls(model, proto === 'http' ? 'http-api' : 'ws-forward');
      if (rel.join('.') === 'token') return implTokens(model);
      if (rel.join('.') === 'secret') return implSecrets(model);
      if (rel.join('.') === 'protocol')
        return PROTOCOLS.map((p) => ({
          value: p,
          literal: 'string',
          detail:
            p === 'ws-reverse'
              ? t('the implementation dials Koishi (default)', '实现端连接 Koishi（默认）')
              : p === 'ws'
                ? t("Koishi dials the implementation's WebSocket server", 'Koishi 连接实现端的 WebSocket 服务')
                : t('HTTP API + HTTP POST', 'HTTP API + HTTP POST'),
        }));
      return fromTable(KOISHI_ADAPTER_SETTINGS, rel);
    }
    if (/^(?:koishi-plugin-|@koishijs\/plugin-)?server$/.test(name)) {
      if (rel.join('.') === 'host')
        return ['127.0.0.1', '0.0.0.0'].map((h) => ({
          value: h,
          literal: 'string',
          detail:
            h === '0.0.0.0'
              ? t('every interface (containers, other machines)', '所有网卡（容器、其他机器）')
              : t('this machine only (default)', '仅本机（默认）'),
        }));
      return fromTable(KOISHI_SERVER_SETTINGS, rel);
    }
  }
  return [];
}

const dialHost = (h: string | undefined) => (!h || isWildcardHost(h) ? '127.0.0.1' : h.includes(':') && !h.startsWith('[') ? `[${h}]` : h);

/** The URLs the workspace's frameworks listen on for this protocol (NoneBot's V11 routes, Koishi's path). */
function listenerUrls(model: WorkspaceModel, protocol: 'ws-reverse' | 'http-post'): ValueOffer[] {
  const scheme = protocol === 'ws-reverse' ? 'ws' : 'http';
  const out: ValueOffer[] = [];
  const eps = [...model.nonebot.flatMap((p) => nonebotEndpoints(p)), ...model.koishi.flatMap((k) => k.endpoints)];
  for (const ep of eps) {
    if (ep.role !== 'listens' || ep.protocol !== protocol || !ep.enabled || ep.port === undefined) continue;
    const path = protocol === 'http-post' ? (ep.paths.find((p) => /\/http$/.test(p)) ?? ep.paths[0]) : ep.paths[0];
    if (path === undefined) continue;
    const who = ep.framework === 'koishi' ? 'Koishi' : 'NoneBot';
    out.push({
      value: `${scheme}://${dialHost(ep.host)}:${ep.port}${path}`,
      literal: 'string',
      detail: t(`${who} listens here (${ep.key.split('#')[0]})`, `${who} 在此监听（${ep.key.split('#')[0]}）`),
    });
  }
  return out;
}

/** The URLs of the implementations' servers Koishi can dial (`endpoint`). */
function implListenerUrls(model: WorkspaceModel, protocol: EndpointProtocol): ValueOffer[] {
  const scheme = protocol === 'ws-forward' ? 'ws' : 'http';
  return model.implementations.flatMap((c) =>
    c.endpoints
      .filter((e) => e.role === 'listens' && e.protocol === protocol && e.port !== undefined)
      .map(
        (e): ValueOffer => ({
          value: `${scheme}://${dialHost(e.host)}:${e.port}`,
          literal: 'string',
          detail: t(`${e.label.en} listens here${e.enabled ? '' : ' (disabled)'}`, `${e.label.zh} 在此监听${e.enabled ? '' : '（已禁用）'}`),
        }),
      ),
  );
}

/** Koishi `path`: the default and the paths implementations dial on a Koishi port. */
function koishiPaths(model: WorkspaceModel): ValueOffer[] {
  const out: ValueOffer[] = [{ value: '/onebot', literal: 'string', detail: t("Koishi's default", 'Koishi 的默认值') }];
  const ports = new Set(model.koishi.map((k) => k.port));
  for (const c of model.implementations)
    for (const e of c.endpoints) {
      const target = e.role === 'dials' && e.url ? parseDialUrl(e.url) : undefined;
      if (target && ports.has(target.port) && target.path)
        out.push({ value: target.path, literal: 'string', detail: t(`the path ${e.label.en} dials`, `${e.label.zh} 连接的路径`) });
    }
  return out;
}

function frameworkTokens(model: WorkspaceModel): ValueOffer[] {
  return model.nonebot.flatMap((p) => {
    const v = p.accessToken?.value;
    return v
      ? [
          {
            value: v,
            literal: 'string' as const,
            secret: true,
            detail: t(
              `NoneBot's ${p.accessToken!.name} (${p.accessToken!.entry ? p.accessToken!.entry.file.split(/[\\/]/).pop() : 'environment'})`,
              `NoneBot 的 ${p.accessToken!.name}（${p.accessToken!.entry ? p.accessToken!.entry.file.split(/[\\/]/).pop() : '环境变量'}）`,
            ),
          },
        ]
      : [];
  });
}

function frameworkSecrets(model: WorkspaceModel): ValueOffer[] {
  const nb = model.nonebot.flatMap((p) => {
    const v = p.secret?.value;
    return v ? [{ value: v, literal: 'string' as const, secret: true, detail: t(`NoneBot's ${p.secret!.name}`, `NoneBot 的 ${p.secret!.name}`) }] : [];
  });
  const k = model.koishi.flatMap((c) =>
    c.endpoints
      .filter((e) => e.secret)
      .map((e) => ({
        value: e.secret!,
        literal: 'string' as const,
        secret: true,
        detail: t("Koishi's OneBot adapter secret", 'Koishi OneBot 适配器的 secret'),
      })),
  );
  return [...nb, ...k];
}

function implTokens(model: WorkspaceModel): ValueOffer[] {
  return model.implementations.flatMap((c) =>
    c.endpoints
      .filter((e) => e.role === 'listens' && e.token)
      .map((e) => ({ value: e.token!, literal: 'string' as const, secret: true, detail: t(`${e.label.en}'s token`, `${e.label.zh} 的令牌`) })),
  );
}

function implSecrets(model: WorkspaceModel): ValueOffer[] {
  return model.implementations.flatMap((c) =>
    c.endpoints
      .filter((e) => e.protocol === 'http-post' && e.secret)
      .map((e) => ({ value: e.secret!, literal: 'string' as const, secret: true, detail: t(`${e.label.en}'s signing secret`, `${e.label.zh} 的签名密钥`) })),
  );
}
