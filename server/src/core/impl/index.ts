import type { ConfigNode, EditableField, FileHost, ImplAdapter, ImplEndpoint, ImplementationKind, KoishiConfig, TextEdit, ValueNode } from '../model';
import { editEnvBinding, envValueFor } from '../compose/envEdit';
import { lagrangeAdapter } from '../lagrange/adapter';
import { napcatAdapter } from './napcat/adapter';
import { llonebotAdapter } from './llonebot/adapter';
import { gocqhttpAdapter } from './gocqhttp/adapter';
import { readKoishiConfig } from '../framework/koishi/reader';

/**
 * The implementation adapters: one per program. Discovery asks each which files it claims; rules ask the endpoint's
 * adapter to write an edit in that program's file syntax.
 */
export const IMPL_ADAPTERS: readonly ImplAdapter[] = [lagrangeAdapter, napcatAdapter, gocqhttpAdapter, llonebotAdapter];

/** Short program names for messages. */
export const IMPL_NAMES: Readonly<Record<ImplementationKind, string>> = {
  lagrange: 'Lagrange',
  napcat: 'NapCat',
  gocqhttp: 'go-cqhttp',
  llonebot: 'LLOneBot',
};

export function adapterOf(kind: ImplementationKind): ImplAdapter | undefined {
  return IMPL_ADAPTERS.find((a) => a.kind === kind);
}

/** An edit that gives the endpoint's field this value, in its file's own syntax; undefined when none is safe. */
export function editImpl(ep: ImplEndpoint, field: EditableField, value: string, text: (file: string) => string | undefined): TextEdit[] | undefined {
  const viaEnv = editViaEnvironment(ep, field, value);
  if (viaEnv !== undefined) return viaEnv.length > 0 ? viaEnv : undefined;
  if (ep.fromImage) return undefined; // no file holds the entry
  const edits = adapterOf(ep.implementation)?.edit(ep, field, value, text);
  return edits && edits.length > 0 ? edits : undefined;
}

/** Reads a `koishi.yml`; undefined when it is missing or not Koishi's. */
export function readKoishi(file: string, host: FileHost, processEnv?: Record<string, string | undefined>): KoishiConfig | undefined {
  return readKoishiConfig(file, host, { processEnv });
}

const LAGRANGE_KEYS: Partial<Record<EditableField, string>> = {
  path: 'suffix',
  port: 'port',
  host: 'host',
  token: 'accesstoken',
  secret: 'secret',
  enable: 'enable',
};

/**
 * When a compose service's environment sets the field (a .NET override of Lagrange's, a NapCat image variable), the
 * edit rewrites that variable: a change in appsettings.json would be overridden again. Undefined when no variable
 * sets the field; [] when one does but no edit of it is safe.
 */
function editViaEnvironment(ep: ImplEndpoint, field: EditableField, value: string): TextEdit[] | undefined {
  let node: ValueNode | ConfigNode | undefined;
  let part: 'whole' | 'path' | 'host' | 'port' = 'whole';
  if (ep.lagrange) {
    const key = LAGRANGE_KEYS[field];
    node = key ? ep.lagrange.fields[key] : undefined;
  } else if (field === 'enable') node = ep.enabledNode;
  else if (field === 'url') node = ep.urlNode;
  else if (field === 'token') node = ep.tokenNode;
  else if (field === 'secret') node = ep.secretNode;
  else if (field === 'path') [node, part] = [ep.urlNode, 'path'];
  else {
    const own = field === 'host' ? ep.hostNode : ep.portNode;
    [node, part] = own ? [own, 'whole'] : [ep.urlNode, field];
  }
  const b = node?.envVar;
  if (!b) return undefined;
  if (!b.whole) return [];
  const current = node?.value === undefined || node.value === null ? '' : String(node.value);
  let next = field === 'enable' ? 'true' : envValueFor(current, part, value);
  // Lagrange keeps a scheme written in Host (`ws://`): keep it.
  if (ep.lagrange && field === 'host' && next !== undefined) next = (/^((?:wss?|https?):\/\/)/i.exec(current)?.[1] ?? '') + next;
  const edit = next === undefined ? undefined : editEnvBinding(b, next);
  return edit ? [edit] : [];
}
