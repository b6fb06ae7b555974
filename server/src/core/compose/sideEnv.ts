/**
 * What a compose service's environment does to the side that runs inside it, beyond NoneBot (whose process
 * environment it is: ./placement.ts `withServiceEnv`):
 * - Lagrange.OneBot: .NET reads environment variables over `appsettings.json` (`Implementations__0__Port`);
 * - NapCat's Docker image (mlikiowa/napcat-docker, built from NapNeko/NapCat-Docker): its entrypoint writes the OneBot
 *   config from the environment at start, so a NapCat service described only by its image and variables still has a
 *   config, with no file in the workspace.
 */
import * as path from 'node:path';
import type { EnvBinding, ImplConfig, ImplEndpoint, Localized, Location, ReadProblem, ValueNode } from '../model';
import { t } from '../l10n';
import { MemoryFileHost } from '../memoryHost';
import { readNapCatConfig } from '../impl/napcat/reader';
import type { ComposeEnvVar, ComposeService } from './reader';

function envBinding(name: string, v: ComposeEnvVar, whole: boolean): EnvBinding {
  return { name, from: v.from, form: v.form, loc: v.loc, ...(v.valueLoc ? { valueLoc: v.valueLoc, quote: v.quote ?? '' } : {}), whole };
}

// ---------------------------------------------------------------------------------------------------------------
// Lagrange.OneBot (.NET configuration)
// ---------------------------------------------------------------------------------------------------------------

/**
 * The variables of a service that .NET's configuration reads as keys (`A__B__C` → `A:B:C`), with where they are set.
 * Lagrange.OneBot builds its host with `Host.CreateApplicationBuilder` (LagrangeDev/Lagrange.Core
 * `Lagrange.OneBot/Program.cs`), whose configuration adds every environment variable after the JSON files
 * (dotnet/runtime `Microsoft.Extensions.Hosting/src/HostApplicationBuilder.cs`); LagrangeDev/Lagrange.Core
 * `Docker.md` documents `Implementations__1__Enable=false`.
 */
export function dotnetEnv(svc: ComposeService): { name: string; value: string; binding: EnvBinding }[] {
  return Object.entries(svc.environment)
    .filter(([k, v]) => k.includes('__') && v.value !== undefined)
    .map(([k, v]) => ({ name: k, value: v.value!, binding: envBinding(k, v, true) }));
}

/** DOTNET_ENVIRONMENT as the service sets it (it picks `appsettings.{env}.json`). */
export function dotnetEnvironmentOf(svc: ComposeService): string | undefined {
  return svc.environment.DOTNET_ENVIRONMENT?.value || undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// NapCat's Docker image
// ---------------------------------------------------------------------------------------------------------------

/** `mlikiowa/napcat-docker[:tag]` and its mirrors (`docker.io/…`, `ghcr.io/…/napcat-docker`). */
export function napcatImage(image: string | undefined): { tag: string } | undefined {
  if (!image) return undefined;
  const noDigest = image.trim().split('@')[0];
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  const repo = colon > slash ? noDigest.slice(0, colon) : noDigest;
  const tag = colon > slash ? noDigest.slice(colon + 1) : 'latest';
  return /(?:^|\/)napcat-docker$/i.test(repo) ? { tag } : undefined;
}

/**
 * The templates that `MODE=<name>` copies to `config/onebot11.json` at every start (NapNeko/NapCat-Docker
 * `entrypoint.sh` since commit bd117b7, 2025-03-07; files `templates/templates/<name>.json` at commit f0599fb). Only
 * their `network` part, which is what decides connections; every other key keeps NapCat's default.
 */
const NAPCAT_MODE_TEMPLATES: Readonly<Record<string, object>> = {
  astrbot: { websocketClients: [{ enable: true, name: 'rws', url: 'ws://astrbot:6199/ws', token: '' }] },
  dice: { websocketServers: [{ enable: true, name: 'dice', host: '0.0.0.0', port: 15801, token: '' }] },
  koishi: { websocketClients: [{ enable: true, name: 'rws', url: 'ws://koishi:5140/onebot', token: '' }] },
  nonebot: { websocketClients: [{ enable: true, name: 'rws', url: 'ws://nonebot:8080/onebot/v11/ws', token: '' }] },
  olivos: {
    httpServers: [{ enable: true, name: 'olivos-http-server', host: '0.0.0.0', port: 5700, token: '7777777' }],
    httpClients: [{ enable: true, name: 'olivos-http-client', url: 'http://olivos-app:55001/OlivOSMsgApi/qq/onebot/default', token: '7777777' }],
  },
  q2tg: { websocketServers: [{ enable: true, name: 'ws', host: '0.0.0.0', port: 3001, token: '' }] },
  'qq-ai-bot': { websocketClients: [{ enable: true, name: 'qq-ai-bot-rws', url: 'ws://qq-ai-bot:16700/onebot/v11/ws', token: '' }] },
  sealdice: { websocketServers: [{ enable: true, name: 'sealdice', host: '0.0.0.0', port: 1234, token: '' }] },
  ws: { websocketServers: [{ enable: true, name: 'ws', host: '0.0.0.0', port: 3001, token: '' }] },
};

/**
 * The variables the entrypoint read until NapNeko/NapCat-Docker commit 71ccc9a (2024-11-18, "移除通过传入环境变量来配置
 * NapCat 的方法"); as of commit 60dc2d7 it wrote `config/onebot11_$ACCOUNT.json` from them on the first start only
 * (when that file did not exist), in NapCat's v1 format. The value is the entrypoint's default (`: ${VAR:=default}`).
 */
const OLD_VARS: Record<string, string> = {
  HTTP_ENABLE: 'false',
  HTTP_HOST: '',
  HTTP_PORT: '3000',
  HTTP_SECRET: '',
  HTTP_POST_ENABLE: 'false',
  HTTP_URLS: '[]',
  HTTP_HEART_ENABLE: 'false',
  WS_ENABLE: 'false',
  WS_HOST: '',
  WS_PORT: '3001',
  WSR_ENABLE: 'false',
  WS_URLS: '[]',
  TOKEN: '',
  HEART_INTERVAL: '60000',
  MESSAGE_POST_FORMAT: 'array',
};

/** Which variable wrote each value of the old generated file (by the reader's node path). */
const OLD_PATHS: [RegExp, string][] = [
  [/^http\.enable$/, 'HTTP_ENABLE'],
  [/^http\.host$/, 'HTTP_HOST'],
  [/^http\.port$/, 'HTTP_PORT'],
  [/^http\.secret$/, 'HTTP_SECRET'],
  [/^http\.enablePost$/, 'HTTP_POST_ENABLE'],
  [/^http\.postUrls/, 'HTTP_URLS'],
  [/^ws\.enable$/, 'WS_ENABLE'],
  [/^ws\.host$/, 'WS_HOST'],
  [/^ws\.port$/, 'WS_PORT'],
  [/^reverseWs\.enable$/, 'WSR_ENABLE'],
  [/^reverseWs\.urls/, 'WS_URLS'],
  [/^token$/, 'TOKEN'],
];

/** The entrypoint's `chech_quotes`: a bare URL becomes `["url"]`, a quoted one `["url"]`, a list stays (first word only: `$1`). */
function checkQuotes(input: string): string {
  const word = input.trim().split(/\s+/)[0] ?? '';
  if (word[0] !== '"') return word[0] !== '[' ? `["${word}"]` : word;
  return `[${word}]`;
}

function oldConfigText(v: (name: string) => string): string {
  return `{
  "http": { "enable": ${v('HTTP_ENABLE')}, "host": "${v('HTTP_HOST')}", "port": ${v('HTTP_PORT')}, "secret": "${v('HTTP_SECRET')}",
    "enableHeart": ${v('HTTP_HEART_ENABLE')}, "enablePost": ${v('HTTP_POST_ENABLE')}, "postUrls": ${checkQuotes(v('HTTP_URLS'))} },
  "ws": { "enable": ${v('WS_ENABLE')}, "host": "${v('WS_HOST')}", "port": ${v('WS_PORT')} },
  "reverseWs": { "enable": ${v('WSR_ENABLE')}, "urls": ${checkQuotes(v('WS_URLS'))} },
  "heartInterval": ${v('HEART_INTERVAL')},
  "messagePostFormat": "${v('MESSAGE_POST_FORMAT')}",
  "token": "${v('TOKEN')}"
}`;
}

export interface NapCatImageSide {
  cfg: ImplConfig;
  /** NapCat config files of the workspace that the image replaces at start (MODE over `onebot11.json`). */
  replaces: string[];
}

/**
 * The NapCat config a NapCat image service runs with when no file of the workspace is its config (or when `MODE`
 * overwrites the only one, `onebot11.json`); undefined when the service's environment describes no config.
 * `placedFiles` are the NapCat config files of the workspace that the service mounts.
 */
export function napcatFromImage(svc: ComposeService, placedFiles: readonly string[]): NapCatImageSide | undefined {
  const image = napcatImage(svc.image?.value);
  if (!image || !svc.image) return undefined;
  const env = svc.environment;
  const set = (k: string) => env[k]?.value !== undefined;
  const mode = env.MODE?.value?.trim();
  const uinFiles = placedFiles.filter((f) => /^onebot11_\d+\.json$/.test(path.basename(f)));
  if (uinFiles.length > 0) return undefined; // the files are the config: MODE only seeds an account that has none
  if (placedFiles.length > 0 && !mode) return undefined;
  const account = env.ACCOUNT?.value?.trim() || undefined;
  const notes: (ReadProblem & { severity?: 'information' })[] = [];
  const where = (k: string): Location => env[k]?.loc ?? svc.image!.loc;
  const svcWords = t(`service "${svc.name}"`, `服务 "${svc.name}"`);

  let text: string | undefined;
  let anchorVar: string | undefined;
  let pathVar: (p: string) => string | undefined = () => undefined;
  let label: Localized;
  if (mode) {
    anchorVar = 'MODE';
    label = t(`MODE=${mode} in ${svcWords.en}`, `${svcWords.zh} 的 MODE=${mode}`);
    const tpl = NAPCAT_MODE_TEMPLATES[mode];
    if (!tpl) {
      notes.push({
        file: where('MODE').file,
        range: where('MODE').range,
        message: t(
          `NapCat's image has no template "${mode}" (it has ${Object.keys(NAPCAT_MODE_TEMPLATES).join(', ')}): its entrypoint's copy fails and NapCat starts without a OneBot config, so nothing connects.`,
          `NapCat 镜像没有名为 "${mode}" 的模板（现有：${Object.keys(NAPCAT_MODE_TEMPLATES).join('、')}）：入口脚本复制失败，NapCat 在没有 OneBot 配置的情况下启动，不会建立任何连接。`,
        ),
      });
      text = '{ "network": {} }';
    } else {
      text = JSON.stringify({ network: tpl });
      pathVar = () => 'MODE';
    }
  } else {
    const old = Object.keys(OLD_VARS).filter(set);
    if (old.length === 0) return undefined; // no config described: NapCat starts with none (configured in its WebUI)
    const at = where(old[0]);
    if (image.tag === 'latest') {
      notes.push({
        file: at.file,
        range: at.range,
        message: t(
          `${old.join(', ')}: NapCat's image has not read these variables since 2024-11-18 (NapNeko/NapCat-Docker commit 71ccc9a), so with ${svc.image.value} they configure nothing and NapCat opens no connection. Set MODE to one of its templates (${Object.keys(NAPCAT_MODE_TEMPLATES).join(', ')}), or mount config/ with an onebot11_<uin>.json.`,
          `${old.join('、')}：NapCat 镜像自 2024-11-18 起（NapNeko/NapCat-Docker 提交 71ccc9a）不再读取这些变量，因此使用 ${svc.image.value} 时它们不会产生任何配置，NapCat 不会建立连接。请把 MODE 设为某个模板（${Object.keys(NAPCAT_MODE_TEMPLATES).join('、')}），或挂载含 onebot11_<uin>.json 的 config/ 目录。`,
        ),
      });
      text = '{ "network": {} }';
      anchorVar = old[0];
      label = t(`${svcWords.en} (${svc.image.value})`, `${svcWords.zh}（${svc.image.value}）`);
    } else {
      notes.push({
        file: at.file,
        range: at.range,
        message: t(
          `${old.join(', ')}: only NapCat images built before 2024-11-18 read these variables (NapNeko/NapCat-Docker commit 71ccc9a removed them), and only on the first start: once config/onebot11_<uin>.json exists, changing them changes nothing. They are read here as such an image would.`,
          `${old.join('、')}：只有 2024-11-18 之前构建的 NapCat 镜像会读取这些变量（NapNeko/NapCat-Docker 提交 71ccc9a 已移除），且只在首次启动时读取：config/onebot11_<uin>.json 一旦存在，再修改它们也不会生效。此处按这类旧镜像的方式读取。`,
        ),
        severity: 'information',
      });
      text = oldConfigText((k) => {
        const v = env[k]?.value;
        return v === undefined || v === '' ? OLD_VARS[k] : v;
      });
      anchorVar = set('ACCOUNT') ? 'ACCOUNT' : old[0];
      pathVar = (p) => OLD_PATHS.find(([re]) => re.test(p))?.[1];
      label = t(`the environment of ${svcWords.en}`, `${svcWords.zh} 的环境变量`);
    }
  }

  // Read the generated file as NapCat reads it, then point every value at the variable that wrote it.
  const virtual = path.join(path.sep, 'napcat-image', account && /^\d+$/.test(account) ? `onebot11_${account}.json` : 'onebot11.json');
  const read = readNapCatConfig(virtual, new MemoryFileHost({ [virtual]: text }));
  if (!read) return undefined;
  const anchor = where(anchorVar);
  const remap = (n: ValueNode | undefined): ValueNode | undefined => {
    if (!n) return undefined;
    const name = pathVar(n.path);
    const v = name ? env[name] : undefined;
    const loc = v ? (v.valueLoc ?? v.loc) : anchor;
    const whole = !!v && name !== 'MODE' && v.value === (n.value === null || n.value === undefined ? '' : String(n.value));
    return {
      file: loc.file,
      path: n.path,
      valueRange: loc.range,
      innerRange: loc.range,
      kind: n.kind,
      value: n.value,
      ...(v && name ? { envVar: envBinding(name, v, whole) } : {}),
    };
  };
  const endpoints: ImplEndpoint[] = read.endpoints.map((ep) => ({
    ...ep,
    file: svc.file,
    label: t(`${ep.label.en} (from ${label.en})`, `${ep.label.zh}（来自${label.zh}）`),
    anchor,
    enabledNode: remap(ep.enabledNode),
    urlNode: remap(ep.urlNode),
    hostNode: remap(ep.hostNode),
    portNode: remap(ep.portNode),
    tokenNode: remap(ep.tokenNode),
    secretNode: remap(ep.secretNode),
    fields: Object.fromEntries(Object.entries(ep.fields).map(([k, n]) => [k, remap(n)!])),
    ...(account && /^\d+$/.test(account) ? { selfId: account } : {}),
    fromImage: true,
  }));
  for (const p of read.problems)
    notes.push({ file: anchor.file, range: anchor.range, message: t(`The config the image writes: ${p.message.en}`, `镜像写出的配置：${p.message.zh}`) });
  const replaces = mode && NAPCAT_MODE_TEMPLATES[mode] ? placedFiles.filter((f) => path.basename(f) === 'onebot11.json') : [];
  for (const f of replaces)
    notes.push({
      file: f,
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      message: t(
        `MODE=${mode} in service "${svc.name}": the container copies its "${mode}" template over this file at every start, so the template, not this file, seeds the account's config.`,
        `服务 "${svc.name}" 设置了 MODE=${mode}：容器每次启动都会用 "${mode}" 模板覆盖此文件，因此决定账号配置的是模板而不是此文件。`,
      ),
    });
  const cfg: ImplConfig = {
    implementation: 'napcat',
    // No file holds this config: it lives in the compose file, and its folder is a name no real folder has.
    file: svc.file,
    files: [],
    dir: `${svc.file}#${svc.name}`,
    ...(account && /^\d+$/.test(account) ? { selfId: account } : {}),
    endpoints,
    unknownKeys: [],
    problems: [],
    image: { service: svc.name, composeFile: svc.file, notes },
  };
  const acc = env.ACCOUNT;
  if (cfg.selfId && acc) cfg.selfIdNode = { path: 'ACCOUNT', kind: 'string', value: cfg.selfId, ...locOf(acc), envVar: envBinding('ACCOUNT', acc, true) };
  return { cfg, replaces };
}

function locOf(v: ComposeEnvVar): Pick<ValueNode, 'file' | 'valueRange' | 'innerRange'> {
  const l = v.valueLoc ?? v.loc;
  return { file: l.file, valueRange: l.range, innerRange: l.range };
}
