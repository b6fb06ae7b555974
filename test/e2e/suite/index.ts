/**
 * Runs inside the extension host of a real VS Code (code-server), on a copy of examples/broken. Each check waits for
 * its condition (diagnostics changed, a request answered); nothing sleeps.
 */
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import * as path from 'node:path';
import * as vscode from 'vscode';

export function log(s: string): void {
  console.log(`[e2e] ${s}`);
}

export function until<T>(get: () => T | undefined | false, what: string, ms = 90_000): Promise<T> {
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const sub = vscode.languages.onDidChangeDiagnostics(() => check());
    const check = () => {
      const v = get();
      if (v !== undefined && v !== false) {
        sub.dispose();
        if (timer) clearTimeout(timer);
        resolve(v as T);
      }
    };
    timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out waiting for ${what}`));
    }, ms);
    check();
  });
}

/**
 * The code actions VS Code gathers at `range` (`vscode.executeCodeActionProvider`). Right after a document is opened
 * the command may throw "Canceled" (the document changed state), or answer with the other providers' actions only
 * (seen on a loaded machine; the same request asked again at once holds ours). This asks again then, as the editor's
 * light bulb does, until the answer holds one of ours (an action naming `code`); bounded.
 */
export async function codeActionsAt(uri: vscode.Uri, range: vscode.Range, code: string, kind?: string): Promise<vscode.CodeAction[]> {
  let actions: vscode.CodeAction[] = [];
  for (let i = 0; ; i++) {
    try {
      actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, kind);
      if (actions.some((a) => a.title.includes(code)) || i >= 4) return actions;
      log(`asked again: the answer held none of our actions (${actions.map((a) => a.title).join(' | ')})`);
    } catch (e) {
      if (i >= 4 || !/Canceled/.test(String(e))) throw e;
      await until(() => ours(uri).some((x) => codeOf(x) === code), `${code} published again`);
    }
  }
}

export const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));
export const ours = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'onebot-doctor');

export async function test(name: string, f: () => Promise<void>, results: string[]): Promise<void> {
  const t0 = Date.now();
  try {
    await f();
    results.push(`ok ${name} (${Date.now() - t0} ms)`);
    log(`ok ${name}`);
  } catch (e) {
    results.push(`FAIL ${name}: ${(e as Error).message}`);
    log(`FAIL ${name}: ${(e as Error).stack}`);
  }
}

export const EXTENSION_ID = 'onebot-link-doctor.onebot-link-doctor';

export interface DoctorApi {
  state(): { serverRunning: boolean; statusText: string; recognised: { lagrange: string[]; nonebot: string[] } };
  rescan(): Promise<void>;
  onDidChangeState: vscode.Event<void>;
}

/** Waits until the extension's state satisfies `get` (rechecked on each state change). */
export async function untilState<T>(get: (s: ReturnType<DoctorApi['state']>) => T | undefined, what: string, ms = 30_000): Promise<T> {
  const a = await api();
  return new Promise((resolve, reject) => {
    const check = () => {
      const v = get(a.state());
      if (v !== undefined) {
        sub.dispose();
        clearTimeout(timer);
        resolve(v);
      }
    };
    const sub = a.onDidChangeState(check);
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out waiting for ${what}: ${JSON.stringify(a.state())}`));
    }, ms);
    check();
  });
}

export async function api(): Promise<DoctorApi> {
  const ext = vscode.extensions.getExtension<DoctorApi>(EXTENSION_ID);
  assert.ok(ext, 'the extension is installed');
  return ext.isActive ? ext.exports : ext.activate();
}

export function finish(results: string[]): void {
  log(`summary: ${results.filter((r) => r.startsWith('ok')).length} passed, ${results.filter((r) => r.startsWith('FAIL')).length} failed`);
  for (const r of results) log(r);
  if (results.some((r) => r.startsWith('FAIL'))) throw new Error(results.filter((r) => r.startsWith('FAIL')).join('\n'));
}

export async function run(): Promise<void> {
  const root = vscode.workspace.workspaceFolders![0].uri.fsPath;
  const lag = vscode.Uri.file(path.join(root, 'lagrange', 'appsettings.json'));
  const prod = vscode.Uri.file(path.join(root, 'nonebot', '.env.prod'));
  const results: string[] = [];

  await test(
    'diagnostics on both files: codes, ranges, severities, related information',
    async () => {
      const t0 = Date.now();
      await untilState((s) => s.serverRunning || undefined, 'the server started', 120_000);
      log(`server running ${Date.now() - t0} ms after the suite started`);
      await vscode.window.showTextDocument(lag);
      await until(() => ours(lag).some((d) => codeOf(d) === 'ws-path') && ours(prod).some((d) => codeOf(d) === 'env-unknown-key'), 'initial diagnostics');
      assert.deepEqual([...new Set(ours(lag).map(codeOf))].sort(), [
        'lagrange-enable-bool',
        'lagrange-exposed',
        'lagrange-protocol',
        'token-unused',
        'ws-path',
      ]);
      const ws = ours(lag).find((d) => codeOf(d) === 'ws-path')!;
      assert.equal(ws.severity, vscode.DiagnosticSeverity.Error);
      assert.deepEqual([ws.range.start.line, ws.range.start.character, ws.range.end.character], [31, 22, 35]);
      const unused = ours(lag).find((d) => codeOf(d) === 'token-unused')!;
      assert.equal(unused.severity, vscode.DiagnosticSeverity.Warning);
      assert.ok(
        unused.relatedInformation?.some((r) => r.location.uri.fsPath === prod.fsPath),
        'related → .env.prod',
      );
      assert.ok(!unused.message.includes('MyS3cretToken'), 'masked');
    },
    results,
  );

  await test(
    'an unsaved edit of .env.prod changes appsettings.json diagnostics',
    async () => {
      const doc = await vscode.workspace.openTextDocument(prod);
      const editor = await vscode.window.showTextDocument(doc);
      const line = doc
        .getText()
        .split('\n')
        .findIndex((l) => l.startsWith('ONE_BOT_ACCESS_TOKEN'));
      await editor.edit((e) => e.replace(new vscode.Range(line, 0, line, 'ONE_BOT_ACCESS_TOKEN'.length), 'ONEBOT_ACCESS_TOKEN'));
      await until(() => !ours(lag).some((d) => codeOf(d) === 'token-unused'), 'token-unused gone');
      assert.ok(doc.isDirty, 'not saved');
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await until(() => ours(lag).some((d) => codeOf(d) === 'token-unused'), 'token-unused back after revert');
    },
    results,
  );

  await test(
    'a quick fix applied through the code action provider',
    async () => {
      const doc = await vscode.workspace.openTextDocument(lag);
      const d = ours(lag).find((x) => codeOf(x) === 'ws-path')!;
      const actions = await codeActionsAt(lag, d.range, 'ws-path');
      const fix = actions.find((a) => a.isPreferred && a.title.includes('/onebot/v11/ws'));
      assert.ok(fix?.edit, actions.map((a) => a.title).join(' | '));
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      assert.match(doc.lineAt(31).text, /"Suffix": "\/onebot\/v11\/ws",/);
      await until(() => !ours(lag).some((x) => codeOf(x) === 'ws-path'), 'ws-path gone');
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await until(() => ours(lag).some((x) => codeOf(x) === 'ws-path'), 'ws-path back after revert');
    },
    results,
  );

  await test(
    'hover on Suffix shows the URL Lagrange dials',
    async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', lag, new vscode.Position(31, 25));
      const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value))).join('\n');
      assert.match(text, /ws:\/\/127\.0\.0\.1:8080\/onebot\/v11/);
    },
    results,
  );

  await test(
    'completion of NoneBot keys in .env',
    async () => {
      const env = vscode.Uri.file(path.join(root, 'nonebot', '.env'));
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', env, new vscode.Position(2, 0));
      const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      assert.ok(labels.includes('ONEBOT_ACCESS_TOKEN') && labels.includes('ONEBOT_V11_ACCESS_TOKEN'), 'the key and its V11 alias');
    },
    results,
  );

  await test(
    'a rule turned off in settings disappears',
    async () => {
      const cfg = vscode.workspace.getConfiguration('onebotDoctor');
      await cfg.update('rules', { 'lagrange-protocol': 'off' }, vscode.ConfigurationTarget.Workspace);
      await until(() => !ours(lag).some((d) => codeOf(d) === 'lagrange-protocol'), 'lagrange-protocol off');
      await cfg.update('rules', undefined, vscode.ConfigurationTarget.Workspace);
      await until(() => ours(lag).some((d) => codeOf(d) === 'lagrange-protocol'), 'lagrange-protocol back');
    },
    results,
  );

  await test(
    'OneBot: Test Connection against a loopback server',
    async () => {
      // A NoneBot-like endpoint that refuses every handshake with a bare 403, as NoneBot does for a wrong path.
      const server = http.createServer((_q, r) => r.writeHead(404, { 'content-type': 'application/json' }).end('{"detail":"Not Found"}'));
      server.on('upgrade', (_req, socket) => socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n'));
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      const port = (server.address() as { port: number }).port;
      try {
        const report = await vscode.commands.executeCommand<{ verdict: string; stages: unknown[] }>('onebotDoctor.testConnection', {
          url: `ws://127.0.0.1:${port}/onebot/v11/ws`,
          token: 'e2e-token',
        });
        assert.equal(report.verdict, 'forbidden-token-or-adapter');
        assert.ok(report.stages.length >= 2);
      } finally {
        server.close();
      }
    },
    results,
  );

  await test(
    'Test Connection twice: one read-only report view holding both runs, newest first, no untitled editor',
    async () => {
      const server = http.createServer((_q, r) => r.writeHead(404).end());
      server.on('upgrade', (_req, socket) => socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n'));
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      const port = (server.address() as { port: number }).port;
      const first = `ws://127.0.0.1:${port}/first/onebot/v11/ws`;
      const second = `ws://127.0.0.1:${port}/second/onebot/v11/ws`;
      try {
        for (const url of [first, second]) await vscode.commands.executeCommand('onebotDoctor.testConnection', { url, token: null });
      } finally {
        server.close();
      }
      const untitled = vscode.workspace.textDocuments.filter((d) => d.isUntitled);
      assert.deepEqual(
        untitled.map((d) => d.uri.toString()),
        [],
        'no untitled document',
      );
      const tabs = vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .filter((t) => t.input instanceof vscode.TabInputText && t.input.uri.scheme === 'onebot-report');
      assert.equal(tabs.length, 1, tabs.map((t) => t.label).join(', '));
      const view = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'onebot-report');
      assert.ok(view && !view.isDirty && !view.isUntitled, 'a clean virtual document');
      const text = view.getText();
      assert.ok(text.includes(first) && text.includes(second), text.slice(0, 600));
      assert.ok(text.indexOf(second) < text.indexOf(first), 'the newest run first');
      assert.match(text, /Latest run|最近一次/);
      assert.match(text, /Earlier runs|之前的运行/);
      await vscode.window.showTextDocument(view);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      assert.equal(
        vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputText && t.input.uri.scheme === 'onebot-report')
          .length,
        0,
        'closed without a save prompt',
      );
    },
    results,
  );

  await test(
    'the corrected schema replaces the dead $schema URL: no "Unable to load schema", comments allowed',
    async () => {
      const json = () => vscode.languages.getDiagnostics(lag).filter((d) => d.source !== 'onebot-doctor');
      await vscode.window.showTextDocument(lag);
      await until(() => json().some((d) => d.message.startsWith('Unable to load schema')), 'the JSON extension reports the dead URL');
      await vscode.commands.executeCommand('onebotDoctor.useCorrectedSchema');
      await until(
        () =>
          !json().some((d) => /Unable to load schema|Comments are not permitted/.test(d.message)) &&
          json().some((d) => /Value is not accepted/.test(d.message)),
        'no dead-URL or comment warning, the schema applied',
      );
      assert.ok(
        json().some((d) => /Value is not accepted/.test(d.message)),
        'the schema itself validates the file (Protocol "linux")',
      );
    },
    results,
  );

  await test(
    'the server runs here (a Lagrange config and a NoneBot project are recognised), the status bar counts right',
    async () => {
      const text = await untilState((s) => s.statusText || undefined, 'a status item');
      const state = (await api()).state();
      assert.ok(state.serverRunning);
      assert.deepEqual(state.recognised.lagrange, [lag.fsPath]);
      assert.match(text, /^\$\(warning\) OneBot: \d+ problems$/);
    },
    results,
  );

  await test(
    'rule links open the documentation command (rendered, read-only), not the file',
    async () => {
      const d = ours(lag).find((x) => codeOf(x) === 'ws-path')!;
      const target = typeof d.code === 'object' ? d.code.target : undefined;
      assert.equal(target?.scheme, 'command');
      assert.equal(target?.path, 'onebotDoctor.showDocumentation');
      assert.deepEqual(JSON.parse(decodeURIComponent(target!.query)), ['ws-path']);
      await vscode.commands.executeCommand(target!.path, 'ws-path');
      const tab = await waitFor(
        () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => /rules/i.test(t.label) && !(t.input instanceof vscode.TabInputText)),
        'a rendered rules tab',
      );
      assert.ok(/Preview|预览/.test(tab.label), tab.label);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    },
    results,
  );

  await test(
    'Shift+Alt+. finds exactly one preferred fix per certain finding',
    async () => {
      const d = ours(lag).find((x) => codeOf(x) === 'ws-path')!;
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        lag,
        d.range,
        vscode.CodeActionKind.QuickFix.value,
      );
      assert.equal(ours(lag).filter((x) => x.range.intersection(d.range)).length, 1, 'one finding on that range');
      const preferred = actions.filter((a) => a.isPreferred);
      assert.equal(preferred.length, 1, actions.map((a) => `${a.title}${a.isPreferred ? ' *' : ''}`).join(' | '));
    },
    results,
  );

  const revertAll = async () => {
    for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await until(
      () => ours(lag).some((x) => codeOf(x) === 'ws-path') && ours(prod).some((x) => codeOf(x) === 'env-unknown-key'),
      'the problems back after revert',
    );
  };

  await test(
    'Fix All (command): every certain problem in the workspace fixed in one edit, no duplicate key',
    async () => {
      const before = new Set(vscode.languages.getDiagnostics().flatMap(([, ds]) => ds.filter((d) => d.source === 'onebot-doctor').map(codeOf)));
      assert.ok(before.has('ws-path') && before.has('env-unknown-key'), `before: ${[...before].join(', ')}`);
      const count = await vscode.commands.executeCommand<number>('onebotDoctor.fixAll', true);
      log(`fix all applied ${count} fixes`);
      assert.ok(count >= 4, `count ${count}`);
      await until(
        () => !ours(lag).some((x) => codeOf(x) === 'ws-path') && !ours(prod).some((x) => codeOf(x) === 'env-unknown-key'),
        'the certain problems gone',
      );
      const env = (await vscode.workspace.openTextDocument(prod)).getText();
      assert.equal(env.match(/^ONEBOT_ACCESS_TOKEN=/gm)?.length, 1, env);
      await revertAll();
    },
    results,
  );

  await test(
    'Fix All (source action source.fixAll.onebot-doctor) edits both files',
    async () => {
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        lag,
        new vscode.Range(0, 0, 0, 0),
        vscode.CodeActionKind.SourceFixAll.value,
      );
      const fixAll = actions.find((a) => a.kind?.value === 'source.fixAll.onebot-doctor');
      assert.ok(fixAll?.edit, `actions: ${actions.map((a) => `${a.title} (${a.kind?.value})`).join(' | ')}`);
      const files = new Set(fixAll.edit.entries().map(([u]) => path.basename(u.fsPath)));
      assert.ok(files.has('appsettings.json') && files.has('.env.prod'), [...files].join(', '));
    },
    results,
  );

  await test(
    'the walkthrough opens',
    async () => {
      await vscode.commands.executeCommand('onebotDoctor.getStarted');
      const tab = await waitFor(
        () =>
          vscode.window.tabGroups.all
            .flatMap((g) => g.tabs)
            .find((t) => /Welcome|Walkthrough|OneBot|入门|欢迎/.test(t.label) && !(t.input instanceof vscode.TabInputText)),
        'the walkthrough tab',
      );
      log(`walkthrough tab: ${tab.label}`);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    },
    results,
  );

  await test(
    'the corrected schema is a reference to the bundled file in the user settings, not a copy',
    async () => {
      const entry = vscode.workspace
        .getConfiguration('json')
        .inspect<{ url: string; schema: { $ref: string } }[]>('schemas')
        ?.globalValue?.find((e) => e.url.includes('appsettings_schema.json'));
      assert.ok(entry, 'registered');
      assert.deepEqual(Object.keys(entry.schema).sort(), ['$ref', 'allowComments', 'allowTrailingCommas']);
      assert.match(entry.schema.$ref, /^file:\/\/.*schemas\/lagrange-appsettings\.schema(\.zh-cn)?\.json$/);
    },
    results,
  );

  finish(results);
}

/** Waits for a UI condition that raises no diagnostics event: rechecked on tab changes. */
export function waitFor<T>(get: () => T | undefined, what: string, ms = 30_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const subs: vscode.Disposable[] = [];
    const done = (v?: T, e?: Error) => {
      for (const s of subs) s.dispose();
      clearTimeout(timer);
      if (e) reject(e);
      else resolve(v as T);
    };
    const check = () => {
      const v = get();
      if (v !== undefined) done(v);
    };
    const timer = setTimeout(() => done(undefined, new Error(`timed out waiting for ${what}`)), ms);
    subs.push(
      vscode.window.tabGroups.onDidChangeTabs(check),
      vscode.window.tabGroups.onDidChangeTabGroups(check),
      vscode.window.onDidChangeActiveTextEditor(check),
    );
    check();
  });
}
