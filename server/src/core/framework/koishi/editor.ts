/**
 * Edits of `koishi.yml` in YAML, keeping comments, anchors and layout (Koishi itself rewrites the file with js-yaml's
 * dump when it starts or when its console saves — comments are lost then, not by these edits).
 *
 * `editKoishi(file, ep, field, value, text)`:
 * - `ep` an adapter-onebot endpoint (from `readKoishiConfig`): fields of that adapter entry —
 *   `path` (listeners: the `path` key; dialers: the path inside `endpoint`), `url` (`endpoint`), `token`, `secret`,
 *   `selfId` (always written as a quoted string, which is what schemastery accepts), `protocol`, and `enable`
 *   ("true" removes the `~` from the entry and from every disabled group around it; "false" adds one);
 * - `ep` undefined, or `host`/`port` on a listener: Koishi's own server (the `server` plugin, else top-level
 *   `port`/`host`; with neither, a `server` plugin is added at the top of `plugins`).
 * Returns undefined when no safe edit exists (a value from `${{ … }}`, a file that does not parse).
 */
import type { EditableField, FrameworkEndpoint } from '../../endpoints';
import type { TextEdit } from '../../model';
import {
  entry,
  eol,
  findPath,
  insertEntry,
  parseYamlWithRanges,
  setInsideString,
  setScalar,
  urlPathSpan,
  written,
  yamlString,
  type ParsedYaml,
  type YamlEdit,
  type YamlValue,
} from '../../impl/yaml';
import { parseKoishiConfig } from './reader';

export type KoishiField = EditableField | 'selfId' | 'protocol';

const KEY_OF: Partial<Record<KoishiField, string>> = { token: 'token', secret: 'secret', url: 'endpoint', selfId: 'selfId', protocol: 'protocol' };

export function editKoishi(
  file: string,
  ep: FrameworkEndpoint | undefined,
  field: KoishiField,
  value: string,
  text: (file: string) => string | undefined,
): TextEdit[] | undefined {
  try {
    return edit(file, ep, field, value, text);
  } catch {
    return undefined;
  }
}

function edit(
  file: string,
  ep: FrameworkEndpoint | undefined,
  field: KoishiField,
  value: string,
  text: (file: string) => string | undefined,
): TextEdit[] | undefined {
  const src = text(file);
  if (src === undefined) return undefined;
  const y = parseYamlWithRanges(file, src);
  if (!y.root || y.errors.length || y.root.kind !== 'object') return undefined;
  const out = (edits: (YamlEdit | undefined)[]): TextEdit[] | undefined =>
    edits.length && edits.every((e) => e) ? edits.map((e) => ({ file, range: e!.range, newText: e!.newText })) : undefined;

  if (!ep || ((field === 'host' || field === 'port') && ep.role === 'listens')) {
    if (field !== 'host' && field !== 'port') return undefined;
    return out([editServer(y, file, field, value)]);
  }
  const yamlPath = ep.key.replace(/#(?:api|post)$/, '');
  const node = findPath(y.root, yamlPath);
  if (!node) return undefined;

  if (field === 'enable') return out(toggle(y, yamlPath, value !== 'false'));
  if (field === 'path') {
    if (ep.role === 'listens') return out([setOrInsert(y, node, 'path', value)]);
    const endpoint = entry(node, 'endpoint');
    if (endpoint?.kind !== 'string') return undefined;
    const url = endpoint.text ?? '';
    const span = urlPathSpan(url);
    if (!span) return undefined;
    return out([setInsideString(endpoint, span.start, span.end, value) ?? setScalar(y, endpoint, url.slice(0, span.start) + value + url.slice(span.end))]);
  }
  const key = KEY_OF[field];
  if (!key) return undefined;
  return out([setOrInsert(y, node, key, value)]);
}

function setOrInsert(y: ParsedYaml, map: YamlValue, key: string, value: string): YamlEdit | undefined {
  const cur = entry(map, key);
  if (cur && !cur.merged) {
    if (typeof cur.value === 'string' && cur.value.includes('${{')) return undefined;
    if (cur.kind !== 'string' && cur.kind !== 'null') {
      // A number where a string belongs (selfId: 123): rewrite as a quoted string.
      const w = written(cur);
      return { range: w.valueRange, newText: quoted(value) };
    }
    return setScalar(y, cur, value);
  }
  if (cur?.merged) return setScalar(y, cur, value);
  return insertEntry(y, map, key, key === 'selfId' ? quoted(value) : yamlString(value));
}

/** selfId and tokens of digits must stay strings: always quoted. */
function quoted(value: string): string {
  return /^[^'\r\n]*$/.test(value) ? `'${value}'` : JSON.stringify(value);
}

/** Removes (or adds) the `~` on the entry and, when enabling, on every disabled group key on its path. */
function toggle(y: ParsedYaml, yamlPath: string, enable: boolean): (YamlEdit | undefined)[] {
  const segs = yamlPath.split('.');
  const edits: YamlEdit[] = [];
  let cur: YamlValue | undefined = y.root;
  segs.forEach((seg, i) => {
    cur = entry(cur, seg);
    if (!cur?.keyRange || i === 0) return;
    const last = i === segs.length - 1;
    const keyText = y.text.slice(y.lines.offset(cur.keyRange.start), y.lines.offset(cur.keyRange.end));
    const q = /^['"]/.test(keyText) ? 1 : 0;
    const at = { line: cur.keyRange.start.line, character: cur.keyRange.start.character + q };
    if (enable && seg.startsWith('~')) edits.push({ range: { start: at, end: { line: at.line, character: at.character + 1 } }, newText: '' });
    if (!enable && last && !seg.startsWith('~')) edits.push({ range: { start: at, end: at }, newText: '~' });
  });
  return edits.length ? edits : [undefined];
}

function editServer(y: ParsedYaml, file: string, field: 'host' | 'port', value: string): YamlEdit | undefined {
  const cfg = parseKoishiConfig(file, y.text);
  const server = cfg.serverNode ? (findPath(y.root, cfg.serverNode.path) ?? (cfg.serverNode.path === '' ? y.root : undefined)) : undefined;
  const raw = field === 'port';
  if (server) {
    const cur = entry(server, field);
    if (cur && !cur.merged && cur.kind !== 'object' && cur.kind !== 'array') return setScalar(y, cur, value, raw && /^\d+$/.test(value));
    return insertEntry(y, server, field, raw ? value : yamlString(value));
  }
  const plugins = entry(y.root, 'plugins');
  if (plugins?.kind !== 'object' || !plugins.firstKeyAt || plugins.flow) return undefined;
  const pad = ' '.repeat(plugins.firstKeyAt.character);
  const line = plugins.firstKeyAt.line;
  const at = { line, character: 0 };
  const body = field === 'port' ? `port: ${value}` : `host: ${yamlString(value)}`;
  const nl = eol(y.text);
  return { range: { start: at, end: at }, newText: `${pad}server:${nl}${pad}  ${body}${nl}` };
}
