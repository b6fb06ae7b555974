import type { Link, Range } from '../model';
import { implAnchor } from '../rules/lib/sides';
import { httpPostUrl, reverseWsUrl } from '../link/urls';
import type { FrameworkKind, ImplementationKind } from './profiles';

/** A place in a config file that a verdict's fix applies to. */
export interface Anchor {
  file: string;
  range: Range;
  ruleCode?: string;
}

/**
 * Everything the probe and the capture need to know about a static link, as plain values. This is the ONLY place in
 * server/src/core/probe/ that reads the `Link` model: when the model changes (Link carrying `implementation` and
 * `framework` kinds), adapt this function and nothing else.
 */
export interface LinkFacts {
  implementation: ImplementationKind;
  framework: FrameworkKind;
  /** The implementation's account (its X-Self-ID), when the config names one. */
  accountSelfId?: string;
  /** The token the implementation sends (reverse WS) or expects (forward WS); null when none is configured. */
  implementationToken: string | null;
  /** X-Client-Role it sends: Universal, or Event for the event socket of a split client (UseUniversalClient false). */
  clientRole: string;
  /** The path the implementation dials (reverse WS), e.g. "/onebot/v11/ws". */
  implementationPath?: string;
  /** The token the framework checks (reverse WS) or sends (forward WS); undefined when it sets none. */
  frameworkToken?: string;
  /** Framework-side self ids it accepts (Koishi's `selfId`); undefined when any id is accepted. */
  frameworkSelfIds?: string[];
  /** Paths the framework serves for this link (NoneBot's V11 routes, Koishi's `path`). */
  frameworkPaths: string[];
  /** Whether a OneBot V11 adapter is registered: undefined when the workspace cannot tell. */
  v11Adapter?: boolean;
  /** The framework's driver setting when it opens no port (NoneBot without ~fastapi/~quart). */
  clientOnlyDriver?: string;
  anchors: { path?: Anchor; token?: Anchor; port?: Anchor; frameworkToken?: Anchor; any: Anchor };
  /** What to probe for this link, when it can be probed: who dials whom, at which URL, with which token or secret. */
  dial?: { kind: 'reverse-ws' | 'forward-ws' | 'http-post'; url: string; token: string | null; secret?: string; label: string };
}

export const NONEBOT_V11_WS_ROUTES = ['/onebot/v11/ws', '/onebot/v11/ws/', '/onebot/v11/'];
/** koishijs/koishi-plugin-adapter-onebot `src/ws.ts` WsServer: `path` defaults to `/onebot`. */
export const KOISHI_DEFAULT_PATH = '/onebot';

export function linkFacts(link: Link): LinkFacts {
  const impl = link.impl;
  const nb = link.nonebot;
  const field = (k: string, ruleCode?: string): Anchor | undefined => {
    const n = impl.fields[k];
    return n ? { file: n.file, range: n.valueRange, ruleCode } : undefined;
  };
  const a = implAnchor(impl);
  const uin = link.lagrange.uin?.value;
  const serves = nb.drivers.some((d) => d === 'fastapi' || d === 'quart');
  const tok = nb.accessToken?.value;
  const where = impl.form === 'array' ? `Implementations[${impl.sectionKey}]` : impl.sectionKey;
  const dial: LinkFacts['dial'] =
    link.kind === 'reverse-ws'
      ? { kind: 'reverse-ws', url: reverseWsUrl(impl), token: impl.accessToken, label: `Lagrange ${where} → NoneBot` }
      : link.kind === 'forward-ws' && link.wsUrl
        ? { kind: 'forward-ws', url: link.wsUrl.url, token: tok === undefined || tok === '' ? null : tok, label: `NoneBot → Lagrange ${where}` }
        : link.kind === 'http-post'
          ? { kind: 'http-post', url: httpPostUrl(impl), token: null, secret: impl.secret || undefined, label: `Lagrange ${where} → NoneBot (HTTP)` }
          : undefined;
  return {
    dial,
    implementation: 'lagrange',
    framework: 'nonebot',
    accountSelfId: uin && uin !== '0' ? uin : undefined,
    implementationToken: impl.accessToken,
    clientRole: impl.useUniversalClient ? 'Universal' : 'Event',
    implementationPath: impl.suffix || '/',
    frameworkToken: tok === undefined || tok === '' ? undefined : tok,
    frameworkPaths: NONEBOT_V11_WS_ROUTES,
    v11Adapter: nb.adapters.known ? nb.adapters.list.some((x) => x.onebot === 'v11') : undefined,
    clientOnlyDriver: serves ? undefined : nb.driver.value,
    anchors: {
      path: field('suffix', 'ws-path'),
      token: field('accesstoken', 'token-mismatch'),
      port: field('port', 'port-mismatch'),
      frameworkToken: nb.accessToken?.entry ? { file: nb.accessToken.entry.file, range: nb.accessToken.entry.valueRange } : undefined,
      any: { file: a.file, range: a.range },
    },
  };
}
