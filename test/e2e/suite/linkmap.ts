/**
 * Runs inside the extension host of a real VS Code on one folder holding copies of examples/fixed, examples/broken,
 * examples/napcat-nonebot and examples/gocqhttp-koishi: the link map view, once opened, lists their links; while
 * neither the view nor the diagram shows, edits do not ask for the map, and opening the view brings it up to date;
 * the diagram opens, the view's actions (apply the certain fix, test) work, Go to Definition crosses from one side's
 * file to the other's, and Fix All (the source action) applied updates the map. Each check waits for its condition;
 * nothing sleeps.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { api, codeOf, finish, log, ours, test, until, untilState, waitFor } from './index';

interface Row {
  label: string;
  description: string;
  contextValue?: string;
  depth: number;
}
interface MapLink {
  id: string;
  kind: string;
  codes: string[];
  state: string;
  fix?: { code: string };
  probeIndex?: number;
  probe?: { verdict: string };
  impl: string;
}
interface LinkMapApi {
  linkMapRows(): Row[];
  linkMap(): { links: MapLink[]; endpoints: { id: string; at: { file: string } }[] };
  onDidChangeLinkMap: vscode.Event<void>;
  rescan(): Promise<void>;
  probeTargets(): Promise<unknown[]>;
}

/** Waits until the link map satisfies `get` (rechecked after each new map). */
async function untilMap<T>(get: (a: LinkMapApi) => T | undefined | false, what: string, ms = 60_000): Promise<T> {
  const a = (await api()) as unknown as LinkMapApi;
  return new Promise((resolve, reject) => {
    const check = () => {
      const v = get(a);
      if (v !== undefined && v !== false) {
        sub.dispose();
        clearTimeout(timer);
        resolve(v as T);
      }
    };
    const sub = a.onDidChangeLinkMap(check);
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out waiting for ${what}: ${JSON.stringify(a.linkMapRows().map((r) => `${'  '.repeat(r.depth)}${r.label} — ${r.description}`))}`));
    }, ms);
    check();
  });
}

/** The position one character into the first occurrence of `needle` in the document. */
async function at(uri: vscode.Uri, needle: string): Promise<vscode.Position> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const i = doc.getText().indexOf(needle);
  assert.ok(i >= 0, `${needle} not in ${uri.fsPath}`);
  return doc.positionAt(i + 1);
}

/** "file: text" of each location a definition request answers. */
async function definitions(uri: vscode.Uri, needle: string): Promise<string[]> {
  const locs =
    (await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', uri, await at(uri, needle))) ?? [];
  const out: string[] = [];
  for (const l of locs) {
    const u = 'uri' in l ? l.uri : l.targetUri;
    const r = 'range' in l ? l.range : l.targetRange;
    out.push(`${path.basename(u.fsPath)}: ${(await vscode.workspace.openTextDocument(u)).getText(r)}`);
  }
  return out.sort();
}

export async function run(): Promise<void> {
  const root = vscode.workspace.workspaceFolders![0].uri.fsPath;
  const fixedLag = vscode.Uri.file(path.join(root, 'fixed', 'lagrange', 'appsettings.json'));
  const brokenLag = vscode.Uri.file(path.join(root, 'broken', 'lagrange', 'appsettings.json'));
  const napcat = vscode.Uri.file(path.join(root, 'napcat-nonebot', 'napcat', 'config', 'onebot11_123456.json'));
  const results: string[] = [];
  const top = (a: LinkMapApi) => a.linkMapRows().filter((r) => r.depth === 0);
  const linkOf = (a: LinkMapApi, folder: string) =>
    a.linkMap().links.find((l) =>
      a
        .linkMap()
        .endpoints.find((e) => e.id === l.impl)
        ?.at.file.startsWith(path.join(root, folder) + path.sep),
    );

  await test(
    'the link map view lists the four links of the examples, with their state, and the unlinked endpoints',
    async () => {
      await untilState((s) => s.serverRunning || undefined, 'the server started', 120_000);
      // The view appears in the Explorer once the server runs (its `when` clause; a rescan resolves once the clause
      // reads the running server). A person opens it; the map is asked for while it shows.
      await ((await api()) as unknown as LinkMapApi).rescan();
      await vscode.commands.executeCommand('onebotDoctor.linkMap.focus');
      const rows = await untilMap((a) => top(a).filter((r) => r.contextValue?.startsWith('link')).length === 4 && top(a), 'four links');
      for (const r of rows) log(`view: ${r.label} — ${r.description}`);
      // [label, description pattern]
      const want: [string, RegExp][] = [
        ["Lagrange's Implementations[0] (ReverseWebSocket) → NoneBot in nonebot", /reverse WebSocket · linked/],
        ["Lagrange's Implementations[0] (ReverseWebSocket) → NoneBot in nonebot", /reverse WebSocket · .*ws-path/],
        ["NapCat's websocketClients[0] → NoneBot in nonebot", /reverse WebSocket · .*ws-path/],
        ["go-cqhttp's servers[0].ws-reverse → ", /reverse WebSocket · .*selfid-mismatch/],
      ];
      for (const [label, description] of want)
        assert.ok(
          rows.some((r) => r.label.startsWith(label) && description.test(r.description)),
          `${label} ${description}`,
        );
      assert.ok(
        rows.some((r) => r.contextValue === 'heading'),
        "the unlinked endpoints are listed (the broken example's forward WebSocket server)",
      );
      const a = (await api()) as unknown as LinkMapApi;
      const children = a
        .linkMapRows()
        .filter((r) => r.depth === 1)
        .map((r) => r.label);
      assert.ok(children.includes('ws-path') && children.includes('token-mismatch'), children.join(' | '));
    },
    results,
  );

  await test(
    'while neither the view nor the diagram shows, an edit does not ask for the map; opening the view brings it up to date',
    async () => {
      const a = (await api()) as unknown as LinkMapApi;
      assert.ok(linkOf(a, 'napcat-nonebot')?.codes.includes('ws-path'));
      await vscode.commands.executeCommand('workbench.action.closeSidebar');
      let maps = 0;
      const sub = a.onDidChangeLinkMap(() => maps++);
      const doc = await vscode.workspace.openTextDocument(napcat);
      try {
        const url = 'ws://127.0.0.1:8080/onebot/v11';
        const edit = new vscode.WorkspaceEdit();
        edit.insert(napcat, doc.positionAt(doc.getText().indexOf(url) + url.length), '/ws');
        assert.ok(await vscode.workspace.applyEdit(edit));
        await until(() => !ours(napcat).some((d) => codeOf(d) === 'ws-path'), 'ws-path gone from the NapCat file');
        // The server says "the map changed" right after it publishes: a request answered after that proves it arrived.
        await a.probeTargets();
        assert.equal(maps, 0, `maps asked for while hidden: ${maps}`);
        assert.ok(linkOf(a, 'napcat-nonebot')?.codes.includes('ws-path'), 'the map held is the one from before the edit');
        await vscode.commands.executeCommand('onebotDoctor.linkMap.focus');
        await untilMap((x) => !linkOf(x, 'napcat-nonebot')?.codes.includes('ws-path'), 'the view shows the edit');
        log(`maps asked for: 0 while hidden, ${maps} once the view opened`);
      } finally {
        sub.dispose();
        // The next tests start from the example as it was (also when this one failed).
        await vscode.commands.executeCommand('onebotDoctor.linkMap.focus');
        await vscode.window.showTextDocument(doc);
        await vscode.commands.executeCommand('workbench.action.files.revert');
      }
      await untilMap((x) => linkOf(x, 'napcat-nonebot')?.codes.includes('ws-path'), 'ws-path back after revert (the view shows)');
    },
    results,
  );

  await test(
    'OneBot: Show Link Map opens one diagram panel, with red arrows where rules fire',
    async () => {
      const html = await vscode.commands.executeCommand<string>('onebotDoctor.showLinkMap');
      assert.match(html, /<svg /);
      assert.equal((html.match(/<g class="link /g) ?? []).length, 4, 'one arrow per link');
      assert.equal((html.match(/<g class="link err"/g) ?? []).length, 3, 'red: broken, NapCat, go-cqhttp');
      assert.ok(!/<script/i.test(html) && /default-src 'none'/.test(html), 'strict policy, no script');
      const again = await vscode.commands.executeCommand<string>('onebotDoctor.showLinkMap');
      assert.match(again, /<svg /);
      const panelTabs = () =>
        vscode.window.tabGroups.all
          .flatMap((g) => g.tabs)
          .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('onebotDoctor.linkMapDiagram'));
      // The tab list follows the panel asynchronously: wait for its tab, then check there is one.
      const panels = await waitFor(() => (panelTabs().length > 0 ? panelTabs() : undefined), 'the diagram tab');
      assert.equal(panels.length, 1, 'the panel is reused');
      assert.equal(panels[0].label, 'OneBot Link Map');
    },
    results,
  );

  await test(
    'Go to Definition crosses the two files: AccessToken → ONEBOT_ACCESS_TOKEN, a NapCat URL → NoneBot',
    async () => {
      await until(() => vscode.languages.getDiagnostics(napcat).length > 0, 'NapCat analysed');
      assert.deepEqual(await definitions(fixedLag, '"AccessToken"'), ['.env.prod: MyS3cretToken']);
      const fromUrl = await definitions(napcat, "'ws://127.0.0.1:8080/onebot/v11'");
      log(`NapCat URL → ${fromUrl.join(' | ')}`);
      assert.ok(
        fromUrl.some((x) => /^\.env(\.prod)?: 8080$/.test(x)),
        `NoneBot's PORT: ${fromUrl.join(' | ')}`,
      );
      assert.ok(
        fromUrl.some((x) => x.startsWith('bot.py: ')),
        `NoneBot's route (the adapter registration): ${fromUrl.join(' | ')}`,
      );
      const back = await definitions(vscode.Uri.file(path.join(root, 'fixed', 'nonebot', '.env.prod')), 'ONEBOT_ACCESS_TOKEN');
      assert.deepEqual(back, ['appsettings.json: "MyS3cretToken"']);
    },
    results,
  );

  await test(
    "the view's action applies the certain fix of NapCat's link (ws-path), and the map follows",
    async () => {
      const a = (await api()) as unknown as LinkMapApi;
      const link = linkOf(a, 'napcat-nonebot');
      assert.equal(link?.fix?.code, 'ws-path');
      assert.equal(await vscode.commands.executeCommand('onebotDoctor.linkMap.applyFix', { type: 'link', link }), true);
      await untilMap((x) => !linkOf(x, 'napcat-nonebot')?.codes.includes('ws-path'), 'ws-path gone from the NapCat link');
      assert.ok(!ours(napcat).some((d) => codeOf(d) === 'ws-path'));
      const doc = await vscode.workspace.openTextDocument(napcat);
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await untilMap((x) => linkOf(x, 'napcat-nonebot')?.codes.includes('ws-path'), 'ws-path back after revert');
    },
    results,
  );

  await test(
    "the view's Test action runs Test Connection on the link, and the verdict shows on it",
    async () => {
      const a = (await api()) as unknown as LinkMapApi;
      const link = linkOf(a, 'gocqhttp-koishi');
      assert.ok(link?.probeIndex !== undefined, 'the link can be probed');
      const report = await vscode.commands.executeCommand<{ verdict: string } | undefined>('onebotDoctor.linkMap.test', { type: 'link', link });
      assert.ok(report?.verdict, 'a report');
      log(`test of the go-cqhttp link: ${report.verdict}`);
      await untilMap((x) => linkOf(x, 'gocqhttp-koishi')?.probe?.verdict === report.verdict, 'the verdict on the link');
      assert.ok(
        a.linkMapRows().some((r) => r.depth === 0 && r.description.includes(report.verdict)),
        'the row says it',
      );
    },
    results,
  );

  await test(
    'Fix All (source action) applied: the certain problems leave the files and the map',
    async () => {
      assert.ok(linkOf((await api()) as unknown as LinkMapApi, 'broken')?.codes.includes('ws-path'));
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(brokenLag));
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        brokenLag,
        new vscode.Range(0, 0, 0, 0),
        vscode.CodeActionKind.SourceFixAll.value,
      );
      const fixAll = actions.find((x) => x.kind?.value === 'source.fixAll.onebot-doctor');
      assert.ok(fixAll?.edit, actions.map((x) => x.title).join(' | '));
      log(`fix all: ${fixAll.title}`);
      // Applied as a person does (Source Action… → the Fix All action), on the active editor.
      await vscode.commands.executeCommand('editor.action.sourceAction', { kind: 'source.fixAll.onebot-doctor', apply: 'first' });
      // One edit over several files reaches the server as one change per document, which may be analysed apart: the
      // map is waited for until it shows them all (the broken example linked, no ws-path left on either link).
      await untilMap(
        (x) => linkOf(x, 'broken')?.state === 'ok' && !linkOf(x, 'napcat-nonebot')?.codes.includes('ws-path'),
        'the broken example linked and ws-path gone from both links',
      );
      assert.match((await vscode.workspace.openTextDocument(brokenLag)).getText(), /"Suffix": "\/onebot\/v11\/ws"/);
      // VS Code saves the files a refactoring touched (files.refactoring.autoSave): this test comes last.
    },
    results,
  );

  finish(results);
}
