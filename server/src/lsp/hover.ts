import * as path from 'node:path';
import type { Hover, Position } from 'vscode-languageserver';
import type { EffectiveSetting, EnvEntry, LagrangeImplementation, Lang, Localized, NoneBotProject, WorkspaceModel } from '../core/model';
import { maskToken, maskTokenZh, pick, t } from '../core/l10n';
import { hasSecretName, maskSettingValue, maskUrl, maskUrlsIn } from '../core/text/secrets';
import { rangeContains } from '../core/text/lineIndex';
import { IMPLEMENTATION_FIELDS, TOP_LEVEL_KEYS } from '../core/lagrange/keys';
import { nonebotKey } from '../core/nonebot/keys';
import { reverseWsUrl, httpPostUrl } from '../core/link/urls';
import { hoverImplAt } from './hoverImpl';
import { composeHoverAt } from './hoverCompose';
import { linkWhereLines } from '../core/compose/where';

/** Hover text for a position in a Lagrange or NoneBot file, from the workspace model. Tokens and URLs are masked. */
export function hoverAt(model: WorkspaceModel, file: string, pos: Position, lang: Lang, text?: string): Hover | undefined {
  const md = (parts: (Localized | string)[]) => maskUrlsIn(parts.map((p) => (typeof p === 'string' ? p : pick(p, lang))).join('\n\n'));
  for (const cfg of model.lagrange) {
    const node = cfg.nodes.find(
      (n) =>
        n.file === file && ((n.keyRange && rangeContains(n.keyRange, pos)) || (n.kind !== 'object' && n.kind !== 'array' && rangeContains(n.valueRange, pos))),
    );
    if (!node) continue;
    const parts = node.path.split(':');
    const impl = cfg.implementations.find((i) => i.node.path.toLowerCase() === parts.slice(0, -1).join(':').toLowerCase());
    if (impl) {
      const field = IMPLEMENTATION_FIELDS.find((f) => f.name.toLowerCase() === node.key.toLowerCase());
      if (!field) return undefined;
      const lines: (Localized | string)[] = [`**${field.name}** · \`${field.type}\` · ${pick(t('default', '默认值'), lang)} \`${field.default}\``, field.doc];
      if (field.name === 'AccessToken') lines.push(t(`Value: ${maskToken(impl.accessToken)}`, `值：${maskTokenZh(impl.accessToken)}`));
      if (['Host', 'Port', 'Suffix'].includes(field.name)) {
        lines.push(...dialText(model, impl));
        const link = model.links.find((l) => l.impl.lagrange === impl);
        if (link) lines.push(...linkWhereLines(model, link));
      }
      return { contents: { kind: 'markdown', value: md(lines) }, range: node.keyRange && rangeContains(node.keyRange, pos) ? node.keyRange : node.valueRange };
    }
    if (parts.length === 1) {
      const top = Object.entries(TOP_LEVEL_KEYS).find(([k]) => k.toLowerCase() === node.key.toLowerCase());
      if (top && !Array.isArray(top[1])) {
        const k = top[1] as { name: string; type: string; doc: Localized };
        return { contents: { kind: 'markdown', value: md([`**${k.name}** · \`${k.type}\``, k.doc]) } };
      }
    } else if (parts.length === 2) {
      const section = Object.entries(TOP_LEVEL_KEYS).find(([k]) => k.toLowerCase() === parts[0].toLowerCase())?.[1];
      const k = Array.isArray(section) ? section.find((x) => x.name.toLowerCase() === node.key.toLowerCase()) : undefined;
      if (k)
        return {
          contents: {
            kind: 'markdown',
            value: md([`**${parts[0]}.${k.name}** · \`${k.type}\` · ${pick(t('default', '默认值'), lang)} \`${k.default}\``, k.doc]),
          },
        };
    }
    return undefined;
  }
  for (const p of model.nonebot) {
    for (const f of p.envFiles) {
      if (f.file !== file) continue;
      const e = f.entries.find((x) => rangeContains(x.keyRange, pos) || rangeContains(x.valueRange, pos));
      if (!e) return undefined;
      return { contents: { kind: 'markdown', value: md(envHover(model, p, e)) }, range: e.keyRange };
    }
  }
  return hoverImplAt(model, file, pos, lang, text) ?? composeHoverAt(model, file, pos, lang);
}

function where(e: EnvEntry): Localized {
  return t(`${path.basename(e.file)} line ${e.line + 1}`, `${path.basename(e.file)} 第 ${e.line + 1} 行`);
}

function shown(name: string, value: string | undefined): string {
  if (value === undefined) return '(None)';
  return hasSecretName(name) ? maskToken(value) : `\`${maskSettingValue(name, value)}\``;
}

/** The settings whose hover says where NoneBot runs and what its addresses mean there (compose). */
const PLACED_SETTINGS = ['HOST', 'PORT', 'ONEBOT_WS_URLS', 'ONEBOT_V11_WS_URLS', 'ONEBOT_API_ROOTS', 'ONEBOT_V11_API_ROOTS'];

function envHover(model: WorkspaceModel, p: NoneBotProject, e: EnvEntry): (Localized | string)[] {
  const name = e.key.toUpperCase();
  const key = nonebotKey(name);
  const out: (Localized | string)[] = [];
  out.push(key ? `**${e.key}** · \`${key.type}\`${key.default ? ` · default \`${key.default}\`` : ''}` : `**${e.key}**`);
  if (key) out.push(key.doc);
  const s: EffectiveSetting | undefined = p.settings[name];
  if (!p.loaded.includes(e.file)) {
    out.push(
      t(
        `Not loaded: ENVIRONMENT is "${p.environment}", so NoneBot reads .env and .env.${p.environment} only.`,
        `未加载：ENVIRONMENT 为 "${p.environment}"，NoneBot 只读取 .env 和 .env.${p.environment}。`,
      ),
    );
  } else if (s?.entry === e) {
    const over = s.overridden.map((o) => where(o));
    out.push(
      t(
        `Effective value: ${shown(name, s.value)} (from ${where(e).en}${over.length ? `, overrides ${over.map((o) => o.en).join(', ')}` : ''}).`,
        `生效值：${shown(name, s.value)}（来自 ${where(e).zh}${over.length ? `，覆盖了 ${over.map((o) => o.zh).join('、')}` : ''}）。`,
      ),
    );
  } else if (s) {
    const by = s.entry ? where(s.entry) : t('the process environment', '进程环境变量');
    out.push(t(`Overridden by ${by.en}: NoneBot uses ${shown(name, s.value)}.`, `被 ${by.zh} 覆盖：NoneBot 使用 ${shown(name, s.value)}。`));
  }
  if (s?.decodedKind && s.decodedKind !== 'string' && !key?.core) {
    out.push(t(`NoneBot JSON-decodes this value as a ${s.decodedKind}.`, `NoneBot 会把此值按 JSON 解码为 ${s.decodedKind}。`));
  }
  out.push(t("A variable of the same name in NoneBot's process environment beats every .env file.", 'NoneBot 进程环境中同名的变量优先于所有 .env 文件。'));
  if (PLACED_SETTINGS.includes(name)) {
    // HOST/PORT: what NoneBot serves; ONEBOT_WS_URLS: the forward WebSocket links; ONEBOT_API_ROOTS: the HTTP API links.
    const kind = name.endsWith('WS_URLS') ? 'forward-ws' : name.endsWith('API_ROOTS') ? 'http-api' : undefined;
    const links = model.links.filter((l) => l.nonebot === p && (kind ? l.kind === kind : l.fw.role === 'listens'));
    const seen = new Set<string>();
    for (const l of links)
      for (const line of linkWhereLines(model, l)) {
        if (seen.has(line.en)) continue;
        seen.add(line.en);
        out.push(line);
      }
  }
  return out;
}

function dialText(model: WorkspaceModel, impl: LagrangeImplementation): Localized[] {
  const link = model.links.find((l) => l.impl.lagrange === impl);
  if (impl.type === 'ReverseWebSocket' || impl.type === 'HttpPost') {
    const url = maskUrl(impl.type === 'ReverseWebSocket' ? reverseWsUrl(impl) : httpPostUrl(impl));
    const out = [t(`Lagrange dials \`${url}\`.`, `Lagrange 会连接 \`${url}\`。`)];
    if (link?.framework === 'koishi') {
      const fw = link.fw;
      out.push(
        t(
          `Koishi listens on \`${fw.host}:${fw.port}\`, path ${fw.paths.join(', ')}; it checks X-Self-ID against selfId, never the token.`,
          `Koishi 监听 \`${fw.host}:${fw.port}\`，路径 ${fw.paths.join('、')}；它只按 selfId 校验 X-Self-ID，从不校验令牌。`,
        ),
      );
    } else if (link?.framework === 'nonebot') {
      const p = link.nonebot;
      const routes = impl.type === 'ReverseWebSocket' ? '/onebot/v11/ws, /onebot/v11/ws/, /onebot/v11/' : '/onebot/v11/http, /onebot/v11/http/, /onebot/v11/';
      out.push(
        t(
          `NoneBot (${path.basename(p.dir)}) listens on \`${p.host.value}:${p.port.value}\` (DRIVER \`${p.driver.value}\`), routes ${routes}; token ${maskToken(p.accessToken?.value)}.${link.assumed ? ` Pairing ${link.reason.en}.` : ''}`,
          `NoneBot（${path.basename(p.dir)}）监听 \`${p.host.value}:${p.port.value}\`（DRIVER \`${p.driver.value}\`），路由 ${routes}；令牌 ${maskTokenZh(p.accessToken?.value)}。${link.assumed ? `配对${link.reason.zh}。` : ''}`,
        ),
      );
    }
    return out;
  }
  if (impl.type === 'ForwardWebSocket' || impl.type === 'Http') {
    const host = impl.host === '0.0.0.0' && impl.type === 'ForwardWebSocket' ? '*' : impl.host;
    return [t(`Lagrange listens on \`http://${host}:${impl.port ?? 0}/\`.`, `Lagrange 监听 \`http://${host}:${impl.port ?? 0}/\`。`)];
  }
  return [];
}
