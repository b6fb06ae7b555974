import * as vscode from 'vscode';
import { SERVER_SOURCE, type StatusParams } from '../../server/src/protocol/lspExt';
import { msg, plural } from './l10n';
import { isTrusted } from './trust';

/**
 * The status bar item: shown only in a workspace where the server recognised a Lagrange config or a NoneBot project,
 * hidden everywhere else. In Restricted Mode it says so (the checks run; the probe and capture wait for trust).
 */
export class LinkStatus implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private last: StatusParams | undefined;
  private readonly subs: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after each change of what the item shows. */
  readonly onDidChange = this.changed.event;

  constructor() {
    this.item = vscode.window.createStatusBarItem('onebotDoctor.status', vscode.StatusBarAlignment.Left, 10);
    this.item.name = 'OneBot Link Doctor';
    this.subs.push(
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.render()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('onebotDoctor.language')) this.render();
      }),
    );
  }

  update(s: StatusParams | undefined): void {
    this.last = s;
    this.render();
  }

  /** The text shown ('' when hidden), as the extension's `state()` reports it to the extension-host tests. */
  get text(): string {
    return this.visible ? this.item.text : '';
  }

  private visible = false;

  private render(): void {
    const s = this.last;
    if (!s || (s.lagrangeConfigs === 0 && s.nonebotProjects === 0)) {
      this.item.hide();
      this.visible = false;
      this.changed.fire();
      return;
    }
    const problems = s.errors + s.warnings;
    let text: string;
    if (problems === 0) {
      text = s.links > 0 ? msg('$(check) OneBot: linked') : msg('$(info) OneBot: not linked');
      this.item.backgroundColor = undefined;
    } else {
      text = plural(problems, '$(warning) OneBot: 1 problem', '$(warning) OneBot: {0} problems');
      this.item.backgroundColor = new vscode.ThemeColor(s.errors > 0 ? 'statusBarItem.errorBackground' : 'statusBarItem.warningBackground');
    }
    const lines = [
      msg(
        '{0}, {1}, {2}: {3}, {4}.',
        plural(s.lagrangeConfigs, '1 Lagrange config', '{0} Lagrange configs'),
        plural(s.nonebotProjects, '1 NoneBot project', '{0} NoneBot projects'),
        plural(s.links, '1 link', '{0} links'),
        plural(s.errors, '1 error', '{0} errors'),
        plural(s.warnings, '1 warning', '{0} warnings'),
      ),
    ];
    if (isTrusted()) {
      this.item.command = { title: msg('Open the Problems view'), command: 'workbench.actions.view.problems' };
      lines.push(msg('Click to open the Problems view ({0}).', SERVER_SOURCE));
    } else {
      text = `$(workspace-untrusted) ${text}`;
      this.item.command = { title: msg('Manage Workspace Trust'), command: 'workbench.trust.manage' };
      lines.push(
        msg(
          "Restricted Mode: the configuration is checked, but Test Connection and Capture the Implementation's Handshake are idle until you trust this workspace. Click to manage trust.",
        ),
      );
    }
    this.item.text = text;
    this.item.tooltip = lines.join('\n');
    this.item.show();
    this.visible = true;
    this.changed.fire();
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
    this.changed.dispose();
    this.item.dispose();
  }
}
