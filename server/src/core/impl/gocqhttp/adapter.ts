/**
 * The go-cqhttp adapter: discovery by file name (`config.yml` / `config.yaml`, decided by content in `read`),
 * reading (reader.ts), and edits in YAML that keep comments, anchors and layout.
 *
 * Edits of a value that reached a server through an alias or a merge key (`<<: *default`) land on the anchored node,
 * where the value is written; `sharedAnchorNote` gives the text a fix title should carry then ("edits the shared anchor
 * &default, used by 2 servers"). A value that comes from `${VAR}` has no safe edit (it lives in the environment).
 */
import type { EditableField, ImplAdapter, ImplConfig, ImplEndpoint, ValueNode } from '../../endpoints';
import type { Localized, TextEdit } from '../../model';
import { t } from '../../l10n';
import {
  findPath,
  insertEntry,
  parseYamlWithRanges,
  setInsideString,
  setScalar,
  urlPathSpan,
  yamlString,
  type ParsedYaml,
  type YamlEdit,
  type YamlValue,
} from '../yaml';
import { expandGoCqhttp, readGoCqhttpConfig } from './reader';

export const gocqhttpAdapter: ImplAdapter & {
  sharedAnchorNote: typeof sharedAnchorNote;
} = {
  kind: 'gocqhttp',
  name: 'go-cqhttp',
  claims(fileName) {
    return /^config\.ya?ml$/i.test(fileName);
  },
  read(file, host, opts) {
    return readGoCqhttpConfig(file, host, opts);
  },
  edit(ep, field, value, text) {
    try {
      return editGoCqhttp(ep, field, value, text);
    } catch {
      return undefined;
    }
  },
  sharedAnchorNote,
};

const FIELD_NODE: Partial<Record<EditableField, (ep: ImplEndpoint) => ValueNode | undefined>> = {
  token: (ep) => ep.tokenNode,
  secret: (ep) => ep.secretNode,
  url: (ep) => ep.urlNode,
  path: (ep) => ep.urlNode,
  host: (ep) => ep.hostNode,
  port: (ep) => ep.portNode,
  enable: (ep) => ep.enabledNode,
};

/**
 * When the edit of `field` lands on a shared anchor: "edits the shared anchor &default, used by N servers", counting
 * the endpoints of `cfg` whose same field comes from the same anchored node.
 */
export function sharedAnchorNote(ep: ImplEndpoint, field: EditableField, cfg: Pick<ImplConfig, 'endpoints'>): Localized | undefined {
  const get = FIELD_NODE[field];
  const node = get?.(ep) as YamlValue | undefined;
  if (!node?.origin) return undefined;
  const origin = node.origin;
  const anchor = node.via?.anchor ?? findAnchorName(origin);
  const users = new Set<string>();
  for (const other of cfg.endpoints) {
    const n = get!(other) as YamlValue | undefined;
    if (n?.origin === origin || n === origin) users.add(other.key.replace(/\.post\[\d+\]$/, ''));
  }
  const n = Math.max(1, users.size);
  const name = anchor ? `&${anchor}` : origin.path;
  return t(`edits the shared anchor ${name}, used by ${n} server${n === 1 ? '' : 's'}`, `修改共享锚点 ${name}，共有 ${n} 个服务引用`);
}

function findAnchorName(v: YamlValue): string | undefined {
  return v.anchor;
}

function editGoCqhttp(ep: ImplEndpoint, field: EditableField, value: string, text: (file: string) => string | undefined): TextEdit[] | undefined {
  const src = text(ep.file);
  if (src === undefined) return undefined;
  // Structure only: substitutions are replaced by their default (or nothing); ranges point at the text as written.
  const y = parseYamlWithRanges(ep.file, src, { expandEnv: (s) => expandGoCqhttp(s, {}) });
  if (!y.root || y.errors.length) return undefined;
  const srvPath = /^servers\[\d+\]\.[^.]+/.exec(ep.key)?.[0];
  const server = srvPath ? findPath(y.root, srvPath) : undefined;
  if (!server) return undefined;
  const entryNode = ep.protocol === 'http-post' ? findPath(y.root, ep.key) : server;
  const one = (e: YamlEdit | undefined): TextEdit[] | undefined => (e ? [{ file: ep.file, range: e.range, newText: e.newText }] : undefined);
  const at = (node: ValueNode | undefined) => (node ? findPath(y.root, node.path) : undefined);

  switch (field) {
    case 'token': {
      const node = at(ep.tokenNode);
      if (node) return one(setScalar(y, node, value));
      return one(insertToken(y, server, value));
    }
    case 'secret': {
      if (ep.protocol !== 'http-post' || !entryNode) return undefined;
      const node = at(ep.secretNode);
      if (node) return one(setScalar(y, node, value));
      return one(insertEntry(y, entryNode, 'secret', yamlString(value)));
    }
    case 'url': {
      const node = at(ep.urlNode);
      if (node) return one(setScalar(y, node, value));
      if (ep.protocol === 'ws-reverse') return one(insertEntry(y, server, 'universal', yamlString(value)));
      return undefined;
    }
    case 'path': {
      const node = at(ep.urlNode);
      if (node?.kind !== 'string') return undefined;
      const url = node.text ?? '';
      const span = urlPathSpan(url);
      if (!span) return undefined;
      const inPlace = setInsideString(node, span.start, span.end, value);
      if (inPlace) return one(inPlace);
      return one(setScalar(y, node, url.slice(0, span.start) + value + url.slice(span.end)));
    }
    case 'host':
    case 'port':
      return editListen(y, ep, server, field, value);
    case 'enable': {
      const node = at(ep.enabledNode);
      const disable = value === 'false';
      if (node) return one(setScalar(y, node, disable ? 'true' : 'false', true));
      if (!disable) return undefined;
      return one(insertEntry(y, server, 'disabled', 'true'));
    }
  }
  return undefined;
}

function insertToken(y: ParsedYaml, server: YamlValue, value: string): YamlEdit | undefined {
  const mw = server.entries?.find((e) => e.key === 'middlewares');
  const v = yamlString(value);
  if (mw && mw.kind === 'object') return insertEntry(y, mw, 'access-token', v);
  if (mw && mw.kind === 'null' && !mw.origin) return insertEntry(y, mw, 'access-token', v);
  if (mw) return undefined;
  return insertEntry(y, server, 'middlewares', '', [`access-token: ${v}`]);
}

function editListen(y: ParsedYaml, ep: ImplEndpoint, server: YamlValue, field: 'host' | 'port', value: string): TextEdit[] | undefined {
  const one = (e: YamlEdit | undefined): TextEdit[] | undefined => (e ? [{ file: ep.file, range: e.range, newText: e.newText }] : undefined);
  const address = server.entries?.find((e) => e.key === 'address');
  const legacyHost = server.entries?.find((e) => e.key === 'host');
  const legacyPort = server.entries?.find((e) => e.key === 'port');
  const addrText = address && address.kind !== 'null' ? (address.text ?? '') : '';
  if (!addrText && (legacyHost || legacyPort)) {
    if (field === 'host') return one(legacyHost ? setScalar(y, legacyHost, value) : insertEntry(y, server, 'host', yamlString(value)));
    return one(legacyPort ? setScalar(y, legacyPort, value, true) : insertEntry(y, server, 'port', value));
  }
  const host = field === 'host' ? value : (ep.host ?? '0.0.0.0');
  const port = field === 'port' ? value : String(ep.port ?? '');
  if (!port) return undefined;
  const composed = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  if (address && addrText) {
    // In place when the address is a plain host:port literal.
    const m = /^(\[[^\]]*\]|[^:]*):(\d*)$/.exec(addrText);
    if (m) {
      const from = field === 'host' ? 0 : m[1].length + 1;
      const to = field === 'host' ? m[1].length : addrText.length;
      const e = setInsideString(address, from, to, field === 'host' && value.includes(':') ? `[${value}]` : value);
      if (e) return one(e);
    }
    return one(setScalar(y, address, composed));
  }
  if (address) return one(setScalar(y, address, composed));
  return one(insertEntry(y, server, 'address', yamlString(composed)));
}
