import * as path from 'node:path';
import type { Fix, Link, Localized, Location, RelatedInfo, TextEdit } from '../../model';
import { t } from '../../l10n';
import { linkPlacement, type Placement } from '../../compose/placement';
import type { ComposeService } from '../../compose/reader';
import { parseDialUrl, type DialTarget } from '../../link/urls';
import { editKoishi } from '../../framework/koishi/editor';
import type { RuleContext } from '../types';
import { fix, setEnvSetting } from './edits';
import { fwName, implFieldLoc, implFix, implName } from './link';
import { settingValueLocation } from './sides';

/** Helpers for the compose rules: which side dials, where each side runs, and edits of the dialled host. */

export interface ComposeLinkView {
  /** Which side opens the connection. */
  dialer: 'impl' | 'fw';
  dialerPlace?: Placement;
  listenerPlace?: Placement;
  target: DialTarget;
  /** Where the dialled host is written. */
  dialAt: Location;
  /** "NapCat's websocketClients[0]", "NoneBot's ONEBOT_WS_URLS". */
  dialerLabel: Localized;
  /** "NoneBot", "NapCat". */
  dialerName: string;
  listenerName: string;
}

/** The link seen from compose; undefined when the workspace has no compose project or the URL does not parse. */
export function composeView(link: Link, ctx: RuleContext): ComposeLinkView | undefined {
  const info = ctx.model.compose;
  if (!info || !link.url) return undefined;
  const target = parseDialUrl(link.url);
  if (!target) return undefined;
  const places = linkPlacement(info, link);
  const implDials = link.kind === 'reverse-ws' || link.kind === 'http-post';
  if (implDials)
    return {
      dialer: 'impl',
      dialerPlace: places.impl,
      listenerPlace: places.fw,
      target,
      dialAt: implFieldLoc(link.impl, 'host'),
      dialerLabel: link.impl.label,
      dialerName: implName(link.impl),
      listenerName: fwName(link),
    };
  return {
    dialer: 'fw',
    dialerPlace: places.fw,
    listenerPlace: places.impl,
    target,
    dialAt: link.wsUrl ? { file: link.wsUrl.file, range: link.wsUrl.range } : (link.fw.urlLoc ?? link.fw.anchor),
    dialerLabel: link.fw.label,
    dialerName: fwName(link),
    listenerName: implName(link.impl),
  };
}

/** Two placements are the same container, or share one network namespace (`network_mode: service:x`). */
export function sameNamespace(a: Placement | undefined, b: Placement | undefined): boolean {
  if (!a || !b) return false;
  if (a.compose === b.compose && a.service === b.service) return true;
  const mode = (s: ComposeService) => s.networkMode?.value.trim() ?? '';
  return a.compose === b.compose && (mode(a.service) === `service:${b.service.name}` || mode(b.service) === `service:${a.service.name}`);
}

/** The compose line of a service, as related information. */
export function serviceRelated(p: Placement, message: Localized): RelatedInfo {
  return { file: p.service.file, range: p.service.keyRange, message };
}

/** Where a side runs, in words: `in the container of service "nonebot"`, `on the host`. */
export function whereWords(p: Placement | undefined): Localized {
  return p ? t(`in the container of service "${p.service.name}"`, `在服务 "${p.service.name}" 的容器中`) : t('on the host', '在宿主机上');
}

/** A fix that changes the host the dialer dials. */
export function dialHostFix(link: Link, view: ComposeLinkView, newHost: string, title: Localized, ctx: RuleContext, preferred = false): Fix | undefined {
  if (view.dialer === 'impl') return implFix(link.impl, 'host', newHost, title, ctx.text, { preferred });
  const edit = replaceUrlHost(view.dialAt, view.target.host, newHost, ctx.text);
  return edit ? fix(title, [edit], preferred) : undefined;
}

/** Replaces `//host` inside a single-line URL written at `loc`. */
function replaceUrlHost(loc: Location, oldHost: string, newHost: string, text: (file: string) => string | undefined): TextEdit | undefined {
  const body = text(loc.file);
  if (body === undefined || loc.range.start.line !== loc.range.end.line) return undefined;
  const line = body.split(/\r\n|\r|\n/)[loc.range.start.line] ?? '';
  const seg = line.slice(loc.range.start.character, loc.range.end.character);
  const written = oldHost.includes(':') ? `[${oldHost}]` : oldHost;
  const i = seg.toLowerCase().indexOf(`//${written.toLowerCase()}`);
  if (i < 0) return undefined;
  const start = loc.range.start.character + i + 2;
  return {
    file: loc.file,
    range: { start: { line: loc.range.start.line, character: start }, end: { line: loc.range.start.line, character: start + written.length } },
    newText: newHost,
  };
}

/** Where the listener's bind host is written, with a fix to listen on every interface (undefined where no edit is safe). */
export function listenerHost(link: Link, view: ComposeLinkView, ctx: RuleContext): { host: string; at: Location; fix?: Fix; fromCompose?: boolean } {
  if (view.dialer === 'fw') {
    const ep = link.impl;
    const wildcard = ep.implementation === 'lagrange' ? '*' : '0.0.0.0';
    return {
      host: ep.host ?? '',
      at: implFieldLoc(ep, 'host'),
      fix: implFix(ep, 'host', wildcard, t(`Listen on all interfaces (${wildcard})`, `监听所有网卡（${wildcard}）`), ctx.text, { preferred: true }),
    };
  }
  const title = t('Listen on all interfaces (0.0.0.0)', '监听所有网卡（0.0.0.0）');
  if (link.framework === 'nonebot') {
    const p = link.nonebot;
    const s = p.host;
    const svcVar = view.listenerPlace?.service.environment['HOST'];
    if (s.fromProcessEnv && !s.entry && svcVar && svcVar.value === s.value) {
      const edit: TextEdit = { file: svcVar.loc.file, range: svcVar.loc.range, newText: svcVar.form === 'list' ? 'HOST=0.0.0.0' : '0.0.0.0' };
      return { host: s.value ?? '', at: svcVar.loc, fix: fix(title, [edit], true), fromCompose: true };
    }
    const at = s.entry || p.loaded.length > 0 ? settingValueLocation(p, s, ctx.text) : link.fw.anchor;
    const edits = s.fromProcessEnv && !s.entry ? undefined : [setEnvSetting(p, 'HOST', '0.0.0.0', ctx.text, s.isDefault ? undefined : s)];
    return { host: s.value ?? link.fw.host ?? '', at, fix: edits ? fix(title, edits, true) : undefined };
  }
  const k = link.koishi;
  const edits = editKoishi(k.file, undefined, 'host', '0.0.0.0', ctx.text);
  return { host: k.host, at: link.fw.hostLoc ?? link.fw.anchor, fix: edits ? fix(title, edits, true) : undefined };
}
