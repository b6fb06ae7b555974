import * as path from 'node:path';
import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { ConfigNode, EnvBinding, FileHost, LagrangeConfig, LagrangeImplementation, LagrangeType, ReadProblem } from '../model';
import { LAGRANGE_TYPES } from '../model';
import { LineIndex, ZERO_RANGE } from '../text/lineIndex';
import { t } from '../l10n';
import { firstTooDeep } from '../text/jsonDepth';
import { FileProblemError } from '../readSafely';
import { cached, derived, type CacheOption } from '../cache';

/**
 * Reads Lagrange.OneBot's `appsettings.json` the way .NET's configuration does (Microsoft.Extensions.Configuration.Json,
 * `JsonConfigurationFileParser`): comments and trailing commas allowed, a BOM tolerated, keys case-insensitive,
 * every leaf stored as a string (true → "True", null → "", numbers as written), arrays as sections "0", "1"…;
 * then applies `appsettings.{DOTNET_ENVIRONMENT}.json` and binds `Implementations` as
 * `LagrangeWebSvcCollection` / `DefaultLagrangeWebServiceFactory` do (docs/facts/lagrange.md#loading-and-binding, docs/facts/lagrange.md#implementations-dispatch).
 */

const LAGRANGE_MARKERS = new Set(['implementations', 'implementation', 'account', 'signserverurl']);

/** Is this text a Lagrange.OneBot config (not an ordinary ASP.NET appsettings.json)? Decided by content. */
export function looksLikeLagrange(text: string): boolean {
  if (text.includes('\u0000')) return false;
  if (firstTooDeep(text, DOTNET_MAX_DEPTH)) return /"(?:Implementations|Implementation|SignServerUrl|Account)"\s*:/i.test(text);
  const root = parseTree(blankBom(text), [], PARSE_OPTIONS);
  if (root?.type === 'object') {
    for (const prop of root.children ?? []) {
      const key = prop.children?.[0];
      if (key && typeof key.value === 'string' && LAGRANGE_MARKERS.has(key.value.toLowerCase())) return true;
    }
    return false;
  }
  return /"(?:Implementations|Implementation|SignServerUrl|Account)"\s*:/i.test(text);
}

export interface ReadLagrangeOptions extends CacheOption {
  /** DOTNET_ENVIRONMENT; .NET's host defaults to "Production". */
  dotnetEnvironment?: string;
  /**
   * Environment variables .NET's configuration adds over the JSON files (the environment-variables provider comes after
   * them): `Implementations__0__Port` sets `Implementations:0:Port` (`__` is the key delimiter, keys case-insensitive;
   * dotnet/runtime `Microsoft.Extensions.Configuration.EnvironmentVariables/src/EnvironmentVariablesConfigurationProvider.cs`).
   * Each with where it is set (a compose service's environment), so findings and fixes land there.
   */
  env?: { name: string; value: string; binding: EnvBinding }[];
}

/**
 * .NET's JSON configuration provider parses with `JsonDocumentOptions` whose MaxDepth is left at its default, 64
 * (dotnet/runtime `System.Text.Json/Document/JsonDocumentOptions.cs`, `DefaultMaxDepth = 64`): a deeper file throws
 * at startup. Checked before any recursive parse, so that no input depth reaches the stack.
 */
const DOTNET_MAX_DEPTH = 64;

const PARSE_OPTIONS = { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false };

/** A BOM is replaced by a space so that offsets (and so ranges) stay those of the file. */
function blankBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
}

interface ParsedFile {
  file: string;
  nodes: ConfigNode[];
  problems: ReadProblem[];
  duplicates: [ConfigNode, ConfigNode][];
}

/** Returns undefined when the file is missing or is not Lagrange's. */
export function readLagrangeConfig(file: string, host: FileHost, opts: ReadLagrangeOptions = {}): LagrangeConfig | undefined {
  if (opts.env && opts.env.length > 0) return readConfig(file, host, opts);
  return derived(opts.cache, 'lagrange', file, host, (h) => readConfig(file, h, opts), opts.dotnetEnvironment);
}

function readConfig(file: string, host: FileHost, opts: ReadLagrangeOptions): LagrangeConfig | undefined {
  const text = host.readFile(file);
  if (text === undefined) return undefined;
  const dir = path.dirname(file);
  const base = cached(opts.cache, 'appsettings', file, text, () => parseConfigFile(file, text));
  if (!base.binary && !looksLikeLagrange(text)) return undefined;

  const env = opts.dotnetEnvironment ?? 'Production';
  const overlays: ParsedFile[] = [];
  const overlayFile = findOverlay(dir, path.basename(file), env, host);
  if (overlayFile) {
    const overlayText = host.readFile(overlayFile);
    if (overlayText !== undefined) overlays.push(cached(opts.cache, 'appsettings', overlayFile, overlayText, () => parseConfigFile(overlayFile, overlayText)));
  }
  const files = [base, ...overlays];
  const nodes = files.flatMap((f) => f.nodes);
  const envNodes = (opts.env ?? []).filter((v) => v.name.includes('__')).map((v) => envNode(v));
  const merged = mergeLeaves(envNodes.length ? [...files, { file: '', nodes: envNodes, problems: [], duplicates: [] }] : files);
  const sections = firstSections(files);

  const cfg: LagrangeConfig = {
    kind: 'lagrange',
    file,
    dir,
    overlays: overlays.map((o) => o.file),
    implementationsForm: 'none',
    implementations: [],
    nodes,
    duplicateKeys: files.flatMap((f) => f.duplicates),
    problems: files.flatMap((f) => f.problems),
  };
  cfg.uin = merged.get('account:uin');
  cfg.protocol = merged.get('account:protocol');

  const tree = indexTree(merged, sections);
  const multi = sections.has('implementations') || tree.children.has('implementations');
  const single = sections.has('implementation') || tree.children.has('implementation');
  const sectionPath = multi ? 'implementations' : single ? 'implementation' : undefined;
  if (sectionPath) {
    const node = sections.get(sectionPath) ?? merged.get(sectionPath);
    cfg.implementationsNode = node;
    cfg.implementationsForm = !multi ? 'legacy' : node?.kind === 'array' ? 'array' : 'object';
    const children = [...(tree.children.get(sectionPath)?.values() ?? [])].sort(compareConfigKeys);
    children.forEach((child, index) => {
      const childPath = `${sectionPath}:${child.toLowerCase()}`;
      const sectionNode = sections.get(childPath) ?? merged.get(childPath);
      if (!sectionNode) return;
      const fields = Object.fromEntries(tree.leaves.get(childPath) ?? []);
      cfg.implementations.push(bindImplementation(sectionNode, child, index, cfg.implementationsForm as LagrangeImplementation['form'], fields));
    });
  }
  return cfg;
}

/** A configuration leaf set by an environment variable: `Implementations__0__Port` → `Implementations:0:Port`. */
function envNode(v: { name: string; value: string; binding: EnvBinding }): ConfigNode {
  const p = v.name.split('__').join(':');
  const range = (v.binding.valueLoc ?? v.binding.loc).range;
  return {
    file: v.binding.loc.file,
    key: p.slice(p.lastIndexOf(':') + 1),
    path: p,
    valueRange: range,
    innerRange: range,
    kind: 'string',
    value: v.value,
    envVar: v.binding,
  };
}

function findOverlay(dir: string, baseName: string, env: string, host: FileHost): string | undefined {
  const stem = baseName.replace(/\.json$/i, '');
  const want = `${stem}.${env}.json`.toLowerCase();
  // .NET opens the exact name; on case-insensitive file systems any case matches. Prefer the exact name.
  const entries = host.readDir(dir) ?? [];
  const exact = entries.find((e) => !e.isDirectory && e.name === `${stem}.${env}.json`);
  const anyCase = entries.find((e) => !e.isDirectory && e.name.toLowerCase() === want);
  const hit = exact ?? (process.platform === 'linux' ? undefined : anyCase);
  return hit ? path.join(dir, hit.name) : undefined;
}

interface TreeIndex {
  /** parent path (lower-case) → child segment (lower-case) → the segment as first written. */
  children: Map<string, Map<string, string>>;
  /** parent path (lower-case) → leaf key (lower-case) → its effective node. */
  leaves: Map<string, Map<string, ConfigNode>>;
}

/** One pass over every key: what `GetChildren()` and `section[key]` would find, without rescanning per section. */
function indexTree(merged: Map<string, ConfigNode>, sections: Map<string, ConfigNode>): TreeIndex {
  const children = new Map<string, Map<string, string>>();
  const leaves = new Map<string, Map<string, ConfigNode>>();
  // Registers the path and its ancestors, deepest first, and stops at the first one already known (its ancestors
  // are known too): each (parent, child) pair is added once, so the whole index is linear in the number of keys.
  const add = (lowerPath: string, node: ConfigNode) => {
    const written = node.path;
    let child = lowerPath;
    let writtenEnd = written.length;
    for (let at = child.lastIndexOf(':'); at >= 0; at = child.lastIndexOf(':')) {
      const parent = child.slice(0, at);
      const seg = child.slice(at + 1);
      const wAt = written.lastIndexOf(':', writtenEnd - 1);
      const writtenSeg = written.slice(wAt + 1, writtenEnd); // lower-casing never adds or removes a ':'
      writtenEnd = wAt;
      let m = children.get(parent);
      if (!m) {
        m = new Map();
        children.set(parent, m);
      }
      if (m.has(seg)) return;
      m.set(seg, writtenSeg);
      child = parent;
    }
  };
  for (const [k, n] of sections) add(k, n);
  for (const [k, n] of merged) {
    add(k, n);
    const at = k.lastIndexOf(':');
    if (at < 0) continue;
    const parent = k.slice(0, at);
    let m = leaves.get(parent);
    if (!m) {
      m = new Map();
      leaves.set(parent, m);
    }
    m.set(k.slice(at + 1), n);
  }
  return { children, leaves };
}

/** ConfigurationKeyComparer: integer segments numerically and first, others ordinal-ignore-case. */
function compareConfigKeys(a: string, b: string): number {
  const ia = /^\d+$/.test(a) ? Number(a) : undefined;
  const ib = /^\d+$/.test(b) ? Number(b) : undefined;
  if (ia !== undefined && ib !== undefined) return ia - ib;
  if (ia !== undefined) return -1;
  if (ib !== undefined) return 1;
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  return la < lb ? -1 : la > lb ? 1 : 0;
}

function mergeLeaves(files: ParsedFile[]): Map<string, ConfigNode> {
  const merged = new Map<string, ConfigNode>();
  for (const f of files) {
    for (const n of f.nodes) {
      if (n.kind === 'object' || n.kind === 'array') continue;
      merged.set(n.path.toLowerCase(), n);
    }
  }
  return merged;
}

function firstSections(files: ParsedFile[]): Map<string, ConfigNode> {
  const sections = new Map<string, ConfigNode>();
  for (const f of files) {
    for (const n of f.nodes) {
      if (n.kind !== 'object' && n.kind !== 'array') continue;
      const k = n.path.toLowerCase();
      if (!sections.has(k)) sections.set(k, n);
    }
  }
  return sections;
}

function bindImplementation(
  node: ConfigNode,
  sectionKey: string,
  index: number,
  form: LagrangeImplementation['form'],
  fields: Record<string, ConfigNode>,
): LagrangeImplementation {
  const str = (k: string, dflt: string) => fields[k]?.value ?? dflt;
  const typeNode = fields.type;
  // `config["Type"] ?? section.Key`: a present Type (even "") wins over the section key.
  const typeText = typeNode ? (typeNode.value ?? '') : sectionKey;
  const type = (LAGRANGE_TYPES as readonly string[]).includes(typeText) ? (typeText as LagrangeType) : undefined;
  return {
    file: node.file,
    index,
    sectionKey,
    form,
    node,
    type,
    typeText,
    fields,
    enabled: fields.enable?.value !== 'false',
    host: str('host', ''),
    port: fields.port ? toUInt32(fields.port.value ?? '') : 0,
    suffix: str('suffix', ''),
    accessToken: fields.accesstoken ? (fields.accesstoken.value ?? '') : null,
    secret: str('secret', ''),
    apiSuffix: str('apisuffix', ''),
    eventSuffix: str('eventsuffix', ''),
    useUniversalClient: toBool(fields.useuniversalclient?.value, true),
    heartBeatInterval: fields.heartbeatinterval ? toUInt32(fields.heartbeatinterval.value ?? '') : 5000,
    heartBeatEnable: toBool(fields.heartbeatenable?.value, true),
    reconnectInterval: fields.reconnectinterval ? toUInt32(fields.reconnectinterval.value ?? '') : 5000,
  };
}

/**
 * .NET's UInt32Converter (BaseNumberConverter): trims, accepts `0x`/`&h`/`#` hex, otherwise
 * `UInt32.Parse(s, NumberStyles.Integer, InvariantCulture)`: optional sign, digits only; "" fails.
 */
export function toUInt32(value: string): number | undefined {
  const s = value.trim();
  let n: number;
  const hex = /^(?:0x|&h|#)([0-9a-f]+)$/i.exec(s);
  if (hex) n = parseInt(hex[1], 16);
  else if (/^[+-]?\d+$/.test(s)) n = Number(s);
  else return undefined;
  if (Object.is(n, -0)) n = 0;
  return Number.isInteger(n) && n >= 0 && n <= 0xffffffff ? n : undefined;
}

function toBool(value: string | undefined, dflt: boolean): boolean {
  if (value === undefined) return dflt;
  const v = value.trim().toLowerCase();
  return v === 'true' ? true : v === 'false' ? false : dflt;
}

// ---------------------------------------------------------------------------------------------------------------

const ERROR_WORDS: Record<string, [string, string]> = {
  InvalidSymbol: ['unexpected character', '意外的字符'],
  InvalidNumberFormat: ['invalid number', '无效的数字'],
  PropertyNameExpected: ['a key in double quotes was expected', '此处应为带双引号的键名'],
  ValueExpected: ['a value was expected', '此处应为一个值'],
  ColonExpected: ['":" was expected after the key', '键名后应为 ":"'],
  CommaExpected: ['"," was expected between entries', '条目之间应为 ","'],
  CloseBraceExpected: ['"}" was expected: an object is not closed', '应为 "}"：对象未闭合'],
  CloseBracketExpected: ['"]" was expected: an array is not closed', '应为 "]"：数组未闭合'],
  EndOfFileExpected: ['text after the end of the JSON document', 'JSON 文档结束后还有多余内容'],
  InvalidCommentToken: ['invalid comment', '无效的注释'],
  UnexpectedEndOfComment: ['a /* comment is not closed', '/* 注释未闭合'],
  UnexpectedEndOfString: ['a string is not closed (missing ")', '字符串未闭合（缺少 "）'],
  UnexpectedEndOfNumber: ['a number is cut off', '数字不完整'],
  InvalidUnicode: ['invalid \\u escape', '无效的 \\u 转义'],
  InvalidEscapeCharacter: ['invalid escape character (use \\\\ for a backslash)', '无效的转义字符（反斜杠请写作 \\\\）'],
  InvalidCharacter: ['invalid character in a string (a line break inside quotes?)', '字符串中有无效字符（引号内换行？）'],
};

/** Flattens one file into ConfigNodes, as .NET's JsonConfigurationFileParser would see it. */
function parseConfigFile(file: string, rawText: string): ParsedFile & { binary: boolean } {
  const idx = new LineIndex(rawText);
  const problems: ReadProblem[] = [];
  const nodes: ConfigNode[] = [];
  const duplicates: [ConfigNode, ConfigNode][] = [];
  const nul = rawText.indexOf('\u0000');
  if (nul >= 0) {
    problems.push({
      file,
      range: ZERO_RANGE,
      message: t(
        'This file is not text (it contains NUL bytes): Lagrange cannot read it and stops at startup.',
        '此文件不是文本（含有 NUL 字节）：Lagrange 无法读取，启动时会失败。',
      ),
    });
    return { file, nodes, problems, duplicates, binary: true };
  }
  const text = blankBom(rawText);
  const deep = firstTooDeep(text, DOTNET_MAX_DEPTH);
  if (deep) {
    throw new FileProblemError(
      file,
      idx.range(deep.offset, deep.offset + 1),
      t(
        `${path.basename(file)} nests objects and arrays more than ${DOTNET_MAX_DEPTH} levels deep: .NET's JSON configuration reader stops at ${DOTNET_MAX_DEPTH} ("The maximum configured depth of ${DOTNET_MAX_DEPTH} has been exceeded") and Lagrange does not start. The file was not analysed; the other files were.`,
        `${path.basename(file)} 的对象和数组嵌套超过 ${DOTNET_MAX_DEPTH} 层：.NET 的 JSON 配置读取器最多支持 ${DOTNET_MAX_DEPTH} 层（"The maximum configured depth of ${DOTNET_MAX_DEPTH} has been exceeded"），Lagrange 无法启动。此文件未被分析，其他文件已检查。`,
      ),
    );
  }
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, PARSE_OPTIONS);
  if (errors.length > 0) {
    const e = errors[0];
    const code = printParseErrorCode(e.error);
    const [en, zh] = ERROR_WORDS[code] ?? ['invalid JSON', '无效的 JSON'];
    const pos = idx.position(e.offset);
    problems.push({
      file,
      range: idx.range(e.offset, e.offset + Math.max(e.length, 0)),
      message: t(
        `JSON syntax error at line ${pos.line + 1}, column ${pos.character + 1}: ${en}. Lagrange fails to start with this file.`,
        `JSON 语法错误（第 ${pos.line + 1} 行第 ${pos.character + 1} 列）：${zh}。Lagrange 使用此文件将无法启动。`,
      ),
    });
  } else if (root && root.type !== 'object') {
    problems.push({
      file,
      range: idx.range(root.offset, root.offset + root.length),
      message: t('The file must hold one JSON object ({ … }); .NET refuses anything else.', '文件内容必须是一个 JSON 对象（{ … }）；.NET 不接受其他内容。'),
    });
  }
  if (root?.type === 'object') walkObject(root, '', file, idx, nodes, duplicates);
  return { file, nodes, problems, duplicates, binary: false };
}

function leafValue(n: Node, text: string): { kind: ConfigNode['kind']; value?: string } {
  switch (n.type) {
    case 'string':
      return { kind: 'string', value: String(n.value) };
    case 'number': // stored as written (JsonElement.GetRawText())
      return { kind: 'number', value: text.slice(n.offset, n.offset + n.length) };
    case 'boolean':
      return { kind: 'boolean', value: n.value ? 'True' : 'False' };
    case 'null':
      return { kind: 'null', value: '' };
    case 'array':
      return { kind: 'array' };
    default:
      return { kind: 'object' };
  }
}

function walkObject(obj: Node, prefix: string, file: string, idx: LineIndex, nodes: ConfigNode[], duplicates: [ConfigNode, ConfigNode][]): void {
  const seen = new Map<string, ConfigNode>();
  for (const prop of obj.children ?? []) {
    const [keyNode, valueNode] = prop.children ?? [];
    if (!keyNode || typeof keyNode.value !== 'string') continue;
    const key = keyNode.value;
    const node = makeNode(file, key, prefix ? `${prefix}:${key}` : key, keyNode, valueNode ?? keyNode, idx);
    if (!valueNode) {
      // Half-typed `"Key":` — keep the key for completion/hover, with an empty string value.
      node.kind = 'string';
      node.value = '';
    }
    const lower = key.toLowerCase();
    const first = seen.get(lower);
    if (first) duplicates.push([first, node]);
    else seen.set(lower, node);
    nodes.push(node);
    if (valueNode?.type === 'object') walkObject(valueNode, node.path, file, idx, nodes, duplicates);
    else if (valueNode?.type === 'array') walkArray(valueNode, node.path, file, idx, nodes, duplicates);
  }
}

function walkArray(arr: Node, prefix: string, file: string, idx: LineIndex, nodes: ConfigNode[], duplicates: [ConfigNode, ConfigNode][]): void {
  (arr.children ?? []).forEach((item, i) => {
    const node = makeNode(file, String(i), `${prefix}:${i}`, undefined, item, idx);
    nodes.push(node);
    if (item.type === 'object') walkObject(item, node.path, file, idx, nodes, duplicates);
    else if (item.type === 'array') walkArray(item, node.path, file, idx, nodes, duplicates);
  });
}

function makeNode(file: string, key: string, p: string, keyNode: Node | undefined, valueNode: Node, idx: LineIndex): ConfigNode {
  const { kind, value } = leafValue(valueNode, idx.text);
  const valueRange = idx.range(valueNode.offset, valueNode.offset + valueNode.length);
  const quoted = kind === 'string' && idx.text[valueNode.offset] === '"';
  const innerEnd = valueNode.offset + valueNode.length - (quoted && valueNode.length >= 2 && idx.text[valueNode.offset + valueNode.length - 1] === '"' ? 1 : 0);
  return {
    file,
    key,
    path: p,
    keyRange: keyNode ? idx.range(keyNode.offset, keyNode.offset + keyNode.length) : undefined,
    valueRange,
    innerRange: quoted ? idx.range(valueNode.offset + 1, Math.max(valueNode.offset + 1, innerEnd)) : valueRange,
    kind,
    value,
  };
}
