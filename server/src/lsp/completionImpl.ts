import { CompletionItemKind, type CompletionItem, type Position } from 'vscode-languageserver';
import type { Lang, Localized, WorkspaceModel } from '../core/model';
import { pick } from '../core/l10n';
import { LineIndex } from '../core/text/lineIndex';
import { NAPCAT_ARRAYS, napcatDefault, napcatEntryFields, type NapCatArray } from '../core/impl/napcat/keys';
import { CONNECT_FIELDS, CONNECT_TYPES, type ConnectType } from '../core/impl/llonebot/keys';
import { SERVER_NAMES, SERVER_TYPES } from '../core/impl/gocqhttp/keys';
import { ADAPTER_KEYS, PROTOCOLS, SERVER_KEYS, type KoishiProtocol } from '../core/framework/koishi/keys';

/** Which program's file this is, by the workspace model; undefined when it is none of NapCat, go-cqhttp, LLOneBot, Koishi. */
function implFileKind(model: WorkspaceModel | undefined, file: string): 'napcat' | 'gocqhttp' | 'llonebot' | 'koishi' | undefined {
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
    fields = napcatEntryFields(array).map((f) => ({ name: f.name, doc: f.doc, detail: `${f.type} = ${JSON.stringify(napcatDefault(array, f.name) ?? f.default)}` }));
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
