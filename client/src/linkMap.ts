import * as crypto from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import * as ext from '../../server/src/protocol/lspExt';
import type { LinkMap, LinkMapEndpoint, LinkMapFinding, LinkMapLink, ProbeParams } from '../../server/src/protocol/lspExt';
import { isChinese, msg } from './l10n';
import { MapDemand } from './linkMapDemand';
import { diagramHtml, REVEAL_COMMAND, type DiagramLabels } from './linkMapSvg';

/**
 * The link map: a view in the Explorer (package.json `contributes.views`, shown while the language server runs) that
 * lists each link of the workspace with both sides, its findings by code and the last probe verdict, then the
 * endpoints that no link uses; and a picture of it in one reused webview panel ("OneBot: Show Link Map"). The data
 * comes from the server (`onebotDoctor/linkMap`). The server says it changed after each analysis and each probe; the
 * map is asked for again only while the view or the panel is visible (a change while neither is marks it out of
 * date, and the first look afterwards asks once: linkMapDemand.ts), or when a command needs it.
 */
const LINK_MAP_VIEW = 'onebotDoctor.linkMap';
/** The context key the view's `when` clause reads. */
const ACTIVE_CONTEXT = 'onebotDoctor.active';

type Node =
  | { type: 'link'; link: LinkMapLink }
  | { type: 'endpoint'; ep: LinkMapEndpoint; link?: LinkMapLink }
  | { type: 'finding'; f: LinkMapFinding }
  | { type: 'probe'; link: LinkMapLink }
  | { type: 'heading'; label: string; eps: LinkMapEndpoint[] };

/** What the end-to-end suite reads from the view: each row's label and description, children indented. */
export interface LinkMapRow {
  label: string;
  description: string;
  contextValue?: string;
  depth: number;
}

const EMPTY: LinkMap = { places: [], endpoints: [], links: [] };

export class LinkMapController implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private map: LinkMap = EMPTY;
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly updated = new vscode.EventEmitter<void>();
  /** Fires after each new map (the view and the panel show it). */
  readonly onDidUpdate = this.updated.event;
  private panel: vscode.WebviewPanel | undefined;
  private readonly subs: vscode.Disposable[] = [];
  private asking: Promise<void> = Promise.resolve();
  private readonly demand = new MapDemand();
  private readonly view: vscode.TreeView<Node>;

  constructor(private readonly client: () => LanguageClient | undefined) {
    this.view = vscode.window.createTreeView(LINK_MAP_VIEW, { treeDataProvider: this });
    this.subs.push(
      this.view,
      this.view.onDidChangeVisibility((e) => {
        if (this.demand.shown('view', e.visible)) void this.ask();
      }),
      vscode.commands.registerCommand('onebotDoctor.showLinkMap', () => this.show()),
      vscode.commands.registerCommand('onebotDoctor.linkMap.refresh', () => this.refresh()),
      vscode.commands.registerCommand('onebotDoctor.linkMap.test', (n?: Node) => this.test(n)),
      vscode.commands.registerCommand('onebotDoctor.linkMap.openImplementation', (n?: Node) => this.open(n, 'impl')),
      vscode.commands.registerCommand('onebotDoctor.linkMap.openFramework', (n?: Node) => this.open(n, 'fw')),
      vscode.commands.registerCommand('onebotDoctor.linkMap.applyFix', (n?: Node) => this.applyFix(n)),
      vscode.commands.registerCommand(REVEAL_COMMAND, (file: string, range: ext.LinkMapFinding['range']) => reveal(file, range)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('onebotDoctor.language')) this.render();
      }),
    );
    this.demand.shown('view', this.view.visible);
  }

  /**
   * The server started or stopped: the view shows or hides (resolves once its `when` clause reads the new state),
   * and the map is out of date (asked for again if someone sees it).
   */
  async setActive(active: boolean): Promise<void> {
    if (!active) {
      this.demand.outdated();
      this.map = EMPTY;
      this.render();
    } else if (this.demand.changed()) void this.ask();
    await vscode.commands.executeCommand('setContext', ACTIVE_CONTEXT, active);
  }

  /** The server says the map changed: asked for now if the view or the panel shows it, else at the next look. */
  serverChanged(): void {
    if (this.demand.changed()) void this.ask();
  }

  /** Asks the server now, seen or not (the view's Refresh button); resolves once the map held is the server's. */
  refresh(): Promise<void> {
    this.demand.outdated();
    return this.upToDate();
  }

  /** For what reads the map (the diagram, the view's actions): asks when it is out of date; resolves when current. */
  private upToDate(): Promise<void> {
    if (this.demand.needed()) return this.ask();
    return this.asking;
  }

  /** Queues one request for the map (one at a time; the latest answer wins). */
  private ask(): Promise<void> {
    this.asking = this.asking.then(async () => {
      this.demand.sent();
      const c = this.client();
      try {
        if (!c?.isRunning()) throw new Error('not running');
        this.map = await c.sendRequest(ext.linkMap, {});
      } catch {
        this.demand.failed(); // the server is stopping or restarting: its next start or notification asks again
        return;
      }
      this.render();
    });
    return this.asking;
  }

  /** The current map (for the commands and the tests). */
  current(): LinkMap {
    return this.map;
  }

  private render(): void {
    this.changed.fire(undefined);
    if (this.panel) this.panel.webview.html = this.html();
    this.updated.fire();
  }

  // ----- the view ------------------------------------------------------------------------------------------------

  getChildren(n?: Node): Node[] {
    const m = this.map;
    const ep = (id: string) => m.endpoints.find((e) => e.id === id);
    if (!n) {
      const linked = new Set(m.links.flatMap((l) => [l.impl, l.fw]));
      const unlinked = m.endpoints.filter((e) => !linked.has(e.id));
      const out: Node[] = m.links.map((link) => ({ type: 'link', link }));
      if (unlinked.length) out.push({ type: 'heading', label: msg('Not linked'), eps: unlinked });
      return out;
    }
    if (n.type === 'link') {
      const sides = [ep(n.link.impl), ep(n.link.fw)].filter((x): x is LinkMapEndpoint => !!x).map((e): Node => ({ type: 'endpoint', ep: e, link: n.link }));
      const findings = n.link.findings.map((f): Node => ({ type: 'finding', f }));
      return [...sides, ...findings, ...(n.link.probe ? [{ type: 'probe', link: n.link } as Node] : [])];
    }
    if (n.type === 'heading') return n.eps.map((e) => ({ type: 'endpoint', ep: e }));
    return [];
  }

  getTreeItem(n: Node): vscode.TreeItem {
    const m = this.map;
    const name = (id: string) => m.endpoints.find((x) => x.id === id)?.label ?? id;
    switch (n.type) {
      case 'link': {
        const l = n.link;
        const item = new vscode.TreeItem(`${name(l.from)} → ${name(l.to)}`, vscode.TreeItemCollapsibleState.Expanded);
        const state = l.state === 'ok' ? msg('linked') : l.codes.join(', ');
        const probe = l.probe ? ` · ${msg('probe: {0}', l.probe.verdict)}` : '';
        item.description = `${l.kindLabel} · ${state}${probe}`;
        item.iconPath = stateIcon(l.state);
        item.tooltip = new vscode.MarkdownString(
          [
            `**${l.kindLabel}**${l.url ? ` — \`${l.url}\`` : ''}`,
            l.reason,
            ...l.findings.map((f) => `- \`${f.code}\` ${f.message}`),
            l.probe ? msg('Last test: {0}', l.probe.verdict) : '',
          ]
            .filter(Boolean)
            .join('\n\n'),
        );
        item.contextValue = ['link', l.fix ? 'fix' : '', l.probeIndex !== undefined ? 'test' : ''].filter(Boolean).join('.');
        item.id = `link ${l.id}`;
        return item;
      }
      case 'endpoint': {
        const e = n.ep;
        const item = new vscode.TreeItem(e.label, vscode.TreeItemCollapsibleState.None);
        const where = m.places.find((p) => p.id === e.place);
        item.description = [
          e.role === 'dials' ? msg('dials {0}', e.address ?? '?') : msg('listens on {0}', e.address ?? '?'),
          where && where.kind === 'service' ? msg('in service {0}', where.label) : '',
          e.enabled ? '' : msg('disabled'),
        ]
          .filter(Boolean)
          .join(' · ');
        item.iconPath = new vscode.ThemeIcon(e.side === 'impl' ? 'plug' : 'server-process');
        item.tooltip = `${e.label}\n${path.basename(e.at.file)}:${e.at.range.start.line + 1}`;
        item.command = { title: msg('Open the config line'), command: 'onebotDoctor.linkMap.reveal', arguments: [e.at.file, e.at.range] };
        item.contextValue = e.side === 'impl' ? 'endpoint.impl' : 'endpoint.fw';
        item.id = `${n.link ? `${n.link.id} ` : ''}${e.id}`;
        return item;
      }
      case 'finding': {
        const f = n.f;
        const item = new vscode.TreeItem(f.code, vscode.TreeItemCollapsibleState.None);
        item.description = f.message;
        item.tooltip = f.message;
        item.iconPath = stateIcon(f.severity);
        item.command = { title: msg('Open the config line'), command: 'onebotDoctor.linkMap.reveal', arguments: [f.file, f.range] };
        item.contextValue = 'finding';
        return item;
      }
      case 'probe': {
        const p = n.link.probe!;
        const item = new vscode.TreeItem(msg('Last test: {0}', p.verdict), vscode.TreeItemCollapsibleState.None);
        item.description = new Date(p.at).toLocaleTimeString();
        item.iconPath = new vscode.ThemeIcon(p.ok ? 'pass' : 'debug-disconnect', new vscode.ThemeColor(p.ok ? 'testing.iconPassed' : 'testing.iconFailed'));
        item.contextValue = 'probe';
        return item;
      }
      case 'heading': {
        const item = new vscode.TreeItem(n.label, vscode.TreeItemCollapsibleState.Expanded);
        item.iconPath = new vscode.ThemeIcon('debug-disconnect');
        item.contextValue = 'heading';
        return item;
      }
    }
  }

  /** Every row of the view, depth first (what a person reads in it). */
  rows(): LinkMapRow[] {
    const out: LinkMapRow[] = [];
    const walk = (nodes: Node[], depth: number) => {
      for (const n of nodes) {
        const item = this.getTreeItem(n);
        const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
        out.push({ label, description: typeof item.description === 'string' ? item.description : '', contextValue: item.contextValue, depth });
        walk(this.getChildren(n), depth + 1);
      }
    };
    walk(this.getChildren(), 0);
    return out;
  }

  // ----- actions -------------------------------------------------------------------------------------------------

  /** The link a row stands for, as the current map has it (asked for first when out of date). */
  private async linkOf(n?: Node): Promise<LinkMapLink | undefined> {
    await this.upToDate();
    if (!n) return this.map.links[0];
    const link = n.type === 'link' || n.type === 'probe' ? n.link : n.type === 'endpoint' ? n.link : undefined;
    return link && (this.map.links.find((l) => l.id === link.id) ?? link);
  }

  /** Runs "OneBot: Test Connection" on the link's probe target; resolves with the report. */
  private async test(n?: Node): Promise<ext.ProbeResult | undefined> {
    const link = await this.linkOf(n);
    if (link?.probeIndex === undefined) {
      void vscode.window.showInformationMessage(msg('This link cannot be tested from here.'));
      return undefined;
    }
    const params: ProbeParams = { targetIndex: link.probeIndex };
    try {
      return await vscode.commands.executeCommand<ext.ProbeResult | undefined>('onebotDoctor.testConnection', params);
    } catch (e) {
      void vscode.window.showWarningMessage((e as Error).message);
      return undefined;
    }
  }

  private async open(n: Node | undefined, side: 'impl' | 'fw'): Promise<void> {
    const link = await this.linkOf(n);
    const id = link ? (side === 'impl' ? link.impl : link.fw) : n?.type === 'endpoint' ? n.ep.id : undefined;
    const ep = this.map.endpoints.find((e) => e.id === id);
    if (ep) await reveal(ep.at.file, ep.at.range);
  }

  /** Applies the link's certain fix: the preferred quick fix the server offers at the finding. Resolves true when applied. */
  private async applyFix(n?: Node): Promise<boolean> {
    const fix = (await this.linkOf(n))?.fix;
    if (!fix) {
      void vscode.window.showInformationMessage(msg('No certain fix to apply.'));
      return false;
    }
    const uri = vscode.Uri.file(fix.file);
    await vscode.workspace.openTextDocument(uri);
    const range = new vscode.Range(fix.range.start.line, fix.range.start.character, fix.range.end.line, fix.range.end.character);
    const actions =
      (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value)) ?? [];
    const action = actions.find((a) => a.isPreferred && a.edit && a.title === fix.title) ?? actions.find((a) => a.isPreferred && a.edit);
    if (!action?.edit) {
      void vscode.window.showInformationMessage(msg('No certain fix to apply.'));
      return false;
    }
    return vscode.workspace.applyEdit(action.edit);
  }

  // ----- the picture ---------------------------------------------------------------------------------------------

  /** Opens (or brings forward) the diagram; resolves with the page's HTML once it shows the current map. */
  async show(): Promise<string> {
    await this.upToDate();
    if (this.panel) this.panel.reveal(undefined, true);
    else {
      this.panel = vscode.window.createWebviewPanel(
        'onebotDoctor.linkMapDiagram',
        msg('OneBot Link Map'),
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        {
          enableScripts: false,
          // A click on a box or an arrow opens its config line: that command only, with no script in the page.
          enableCommandUris: [REVEAL_COMMAND],
          localResourceRoots: [],
        },
      );
      const panel = this.panel;
      panel.onDidChangeViewState(() => {
        if (this.panel === panel && this.demand.shown('panel', panel.visible)) void this.ask();
      });
      panel.onDidDispose(() => {
        if (this.panel === panel) this.panel = undefined;
        this.demand.shown('panel', false);
      });
      this.demand.shown('panel', panel.visible);
    }
    this.panel.title = msg('OneBot Link Map');
    this.panel.webview.html = this.html();
    return this.panel.webview.html;
  }

  private html(): string {
    const labels: DiagramLabels = {
      title: msg('OneBot Link Map'),
      implementation: msg('implementation'),
      framework: msg('framework'),
      dials: msg('dials'),
      listens: msg('listens on'),
      disabled: msg('disabled'),
      notLinked: msg('not linked'),
      service: msg('Compose service'),
      hostNetwork: msg('host network'),
      legendDials: msg('arrow: who dials whom'),
      legendError: msg('a rule fires (error)'),
      legendWarning: msg('warning'),
      legendOk: msg('linked, no problem'),
      probe: msg('last test'),
      empty: msg('No OneBot implementation or framework endpoint was found in this workspace.'),
      protocols: { 'ws-reverse': msg('reverse WebSocket'), 'ws-forward': msg('forward WebSocket'), 'http-post': msg('HTTP POST'), 'http-api': msg('HTTP API') },
    };
    return diagramHtml(this.map, labels, crypto.randomBytes(16).toString('base64'), isChinese() ? 'zh-CN' : 'en');
  }

  dispose(): void {
    this.panel?.dispose();
    for (const s of this.subs) s.dispose();
    this.changed.dispose();
    this.updated.dispose();
  }
}

function stateIcon(state: LinkMapLink['state']): vscode.ThemeIcon {
  if (state === 'error') return new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'));
  if (state === 'warning') return new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
  if (state === 'ok') return new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
  return new vscode.ThemeIcon('info', new vscode.ThemeColor('problemsInfoIcon.foreground'));
}

async function reveal(file: string, range: LinkMapFinding['range']): Promise<void> {
  const r = new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
  await vscode.window.showTextDocument(vscode.Uri.file(file), { selection: r, preview: true });
}
