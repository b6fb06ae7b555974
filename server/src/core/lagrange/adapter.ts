import type { EditableField, EndpointProtocol, ImplAdapter, ImplConfig, ImplEndpoint, LagrangeConfig, LagrangeImplementation, TextEdit } from '../model';
import { t } from '../l10n';
import { readLagrangeConfig } from './reader';
import { httpPostUrl, reverseWsUrl } from '../link/urls';
import { addJsonField, replaceJsonValue } from '../rules/lib/edits';

/**
 * Lagrange.OneBot as an implementation adapter: `appsettings.json` (+ its `appsettings.{DOTNET_ENVIRONMENT}.json`
 * overlay) mapped into endpoints. Each typed `Implementations` entry is one endpoint (LagrangeDev/Lagrange.Core,
 * `Lagrange.OneBot/Core/Network/LagrangeWebSvcCollection.cs`, `DefaultLagrangeWebServiceFactory.cs`).
 */

const PROTOCOL: Record<string, EndpointProtocol> = {
  ReverseWebSocket: 'ws-reverse',
  ForwardWebSocket: 'ws-forward',
  HttpPost: 'http-post',
  Http: 'http-api',
};

/** Where the entry sits in the configuration: "Implementations[0]", "Implementations.Main" or "Implementation.Main". */
export function lagrangeEntryPath(impl: LagrangeImplementation): string {
  return impl.form === 'array'
    ? `Implementations[${impl.sectionKey}]`
    : impl.form === 'object'
      ? `Implementations.${impl.sectionKey}`
      : `Implementation.${impl.sectionKey}`;
}

/** "Implementations[0] (ReverseWebSocket)" — the entry as the config names it. */
function lagrangeEntryName(impl: LagrangeImplementation): string {
  return `${lagrangeEntryPath(impl)} (${impl.type ?? impl.typeText ?? '?'})`;
}

/** Where to point at an implementation as a whole: its Type value, else its key, else its opening brace. */
export function lagrangeAnchor(impl: LagrangeImplementation): { file: string; range: ImplEndpoint['anchor']['range'] } {
  const type = impl.fields.type;
  if (type && type.file === impl.node.file) return { file: type.file, range: type.valueRange };
  if (impl.node.keyRange) return { file: impl.node.file, range: impl.node.keyRange };
  const s = impl.node.valueRange.start;
  return { file: impl.node.file, range: { start: s, end: { line: s.line, character: s.character + 1 } } };
}

function lagrangeEndpoint(impl: LagrangeImplementation): ImplEndpoint | undefined {
  const protocol = impl.type ? PROTOCOL[impl.type] : undefined;
  if (!protocol) return undefined;
  const dials = protocol === 'ws-reverse' || protocol === 'http-post';
  const f = impl.fields;
  const name = lagrangeEntryName(impl);
  return {
    implementation: 'lagrange',
    file: impl.file,
    key: name,
    label: t(`Lagrange's ${name}`, `Lagrange 的 ${name.replace(/ \((.*)\)$/, '（$1）')}`),
    protocol,
    role: dials ? 'dials' : 'listens',
    anchor: lagrangeAnchor(impl),
    enabled: impl.enabled,
    enabledNode: f.enable,
    url: protocol === 'ws-reverse' ? reverseWsUrl(impl) : protocol === 'http-post' ? httpPostUrl(impl) : undefined,
    host: impl.host,
    hostNode: f.host,
    port: impl.port,
    portNode: f.port,
    // HttpPost binds AccessToken but never sends it (HttpPostService.cs): on the wire there is no token.
    token: protocol === 'http-post' ? null : impl.accessToken,
    tokenNode: f.accesstoken,
    auth: 'bearer-if-present',
    secret: protocol === 'http-post' ? impl.secret : undefined,
    secretNode: f.secret,
    fields: f,
    lagrange: impl,
  };
}

export function lagrangeImplConfig(cfg: LagrangeConfig): ImplConfig {
  const uin = cfg.uin?.value;
  return {
    implementation: 'lagrange',
    file: cfg.file,
    files: [cfg.file, ...cfg.overlays],
    dir: cfg.dir,
    selfId: uin && uin !== '0' ? uin : undefined,
    selfIdNode: cfg.uin,
    endpoints: cfg.implementations.map(lagrangeEndpoint).filter((e): e is ImplEndpoint => e !== undefined),
    // Lagrange's own single-file rules (lagrange-*) report keys and syntax with their own codes.
    unknownKeys: [],
    problems: [],
  };
}

/** The field's key as Lagrange spells it. */
const KEYS: Partial<Record<EditableField, string>> = { path: 'Suffix', port: 'Port', host: 'Host', token: 'AccessToken', secret: 'Secret' };

export const lagrangeAdapter: ImplAdapter = {
  kind: 'lagrange',
  name: 'Lagrange.OneBot',
  claims: (fileName) => /^appsettings\.json$/i.test(fileName),
  read(file, host, opts) {
    const cfg = readLagrangeConfig(file, host, { dotnetEnvironment: opts.dotnetEnvironment });
    return cfg && lagrangeImplConfig(cfg);
  },
  edit(ep, field, value, text) {
    const impl = ep.lagrange;
    if (!impl) return undefined;
    if (field === 'enable') {
      const node = impl.fields.enable;
      return node ? [replaceJsonValue(node, '"true"')] : [];
    }
    const key = KEYS[field];
    if (!key) return undefined;
    const node = impl.fields[key.toLowerCase()];
    let json: string;
    if (field === 'port') json = String(Number(value));
    else if (field === 'host') {
      // Keep a scheme written in Host (`ws://`, `https://`): Lagrange uses it as written.
      const scheme = /^((?:wss?|https?):\/\/)/i.exec(node?.value ?? '');
      json = JSON.stringify((scheme ? scheme[1] : '') + value);
    } else json = JSON.stringify(value);
    if (node) return [replaceJsonValue(node, json)];
    const added: TextEdit | undefined = addJsonField(impl, key, json, text);
    return added ? [added] : undefined;
  },
};
