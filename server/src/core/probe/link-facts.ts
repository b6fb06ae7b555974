import type { Link, Range } from '../model';
import { implFieldLoc } from '../rules/lib/link';
import { parseDialUrl } from '../link/urls';
import { IMPL_NAMES } from '../impl';
import type { FrameworkKind, ImplementationKind } from './profiles';

/** A place in a config file that a verdict's fix applies to. */
interface Anchor {
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
  frameworkPaths: readonly string[];
  /** Whether a OneBot V11 adapter is registered: undefined when the workspace cannot tell. */
  v11Adapter?: boolean;
  /** The framework's driver setting when it opens no port (NoneBot without ~fastapi/~quart). */
  clientOnlyDriver?: string;
  /** `selfId`: the framework's first configured self id (Koishi's adapter `selfId`), where its quick fix applies. */
  anchors: { path?: Anchor; token?: Anchor; port?: Anchor; frameworkToken?: Anchor; selfId?: Anchor; any: Anchor };
  /** What to probe for this link, when it can be probed: who dials whom, at which URL, with which token or secret. */
  dial?: { kind: 'reverse-ws' | 'forward-ws' | 'http-post'; url: string; token: string | null; secret?: string; label: string };
}

export { V11_WS_ROUTES as NONEBOT_V11_WS_ROUTES } from '../nonebot/endpoints';
import { V11_WS_ROUTES as NONEBOT_V11_WS_ROUTES } from '../nonebot/endpoints';
/** koishijs/koishi-plugin-adapter-onebot `src/ws.ts` WsServer: `path` defaults to `/onebot`. */
export const KOISHI_DEFAULT_PATH = '/onebot';

export function linkFacts(link: Link): LinkFacts {
  const ep = link.impl;
  const lag = ep.lagrange;
  const fw = link.fw;
  const name = IMPL_NAMES[ep.implementation];
  const fwName = link.framework === 'nonebot' ? 'NoneBot' : 'Koishi';
  const loc = (l: { file: string; range: Range }, ruleCode?: string): Anchor => ({ file: l.file, range: l.range, ruleCode });
  const nb = link.framework === 'nonebot' ? link.nonebot : undefined;
  const serves = nb ? nb.drivers.some((d) => d === 'fastapi' || d === 'quart') : true;
  const target = link.url ? parseDialUrl(link.url) : undefined;
  const dial: LinkFacts['dial'] =
    link.kind === 'reverse-ws' && ep.url
      ? { kind: 'reverse-ws', url: ep.url, token: ep.token, label: `${name} ${ep.key} → ${fwName}` }
      : link.kind === 'forward-ws' && link.url
        ? { kind: 'forward-ws', url: link.url, token: fw.token, label: `${fwName} → ${name} ${ep.key}` }
        : link.kind === 'http-post' && ep.url
          ? { kind: 'http-post', url: ep.url, token: null, secret: ep.secret || undefined, label: `${name} ${ep.key} → ${fwName} (HTTP)` }
          : undefined;
  return {
    dial,
    implementation: ep.implementation,
    framework: link.framework,
    accountSelfId: link.implConfig.selfId,
    implementationToken: ep.token,
    clientRole: lag && !lag.useUniversalClient ? 'Event' : 'Universal',
    implementationPath: target?.path ?? (lag ? lag.suffix || '/' : undefined),
    frameworkToken: fw.checksToken || link.kind === 'forward-ws' ? (fw.token ?? undefined) : undefined,
    frameworkSelfIds: fw.selfIds?.map((x) => x.value),
    frameworkPaths: fw.paths.length > 0 ? fw.paths : link.framework === 'koishi' ? [KOISHI_DEFAULT_PATH] : NONEBOT_V11_WS_ROUTES,
    v11Adapter: nb ? (nb.adapters.known ? nb.adapters.list.some((x) => x.onebot === 'v11') : undefined) : undefined,
    clientOnlyDriver: serves ? undefined : nb?.driver.value,
    anchors: {
      path: loc(implFieldLoc(ep, 'path'), 'ws-path'),
      token: ep.tokenNode ? loc(implFieldLoc(ep, 'token'), 'token-mismatch') : undefined,
      port: loc(implFieldLoc(ep, 'port'), 'port-mismatch'),
      frameworkToken: fw.tokenLoc ? loc(fw.tokenLoc) : undefined,
      selfId: fw.selfIds?.[0]?.loc ? loc(fw.selfIds[0].loc, 'selfid-mismatch') : undefined,
      any: loc(ep.anchor),
    },
  };
}
