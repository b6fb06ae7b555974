/**
 * The extension-host suite under @vscode/test-electron, for machines that can download VS Code. Where the download
 * fails (no network to the VS Code update service), it says so and skips: the real-VS-Code proof on such machines is
 * the code-server end-to-end suite.
 */
import * as path from 'node:path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';

async function main(): Promise<number> {
  let executable: string;
  try {
    executable = await downloadAndUnzipVSCode({ version: 'stable', timeout: 15_000 });
  } catch (e) {
    process.stdout.write(`test-electron: skipped: VS Code could not be downloaded here (${(e as Error).message.split('\n')[0]}).\n`);
    return 0;
  }
  const root = path.resolve(__dirname, '../../..');
  await runTests({
    vscodeExecutablePath: executable,
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(__dirname, 'suite', 'index.js'),
    launchArgs: [path.join(root, 'examples', 'broken'), '--disable-extensions', '--disable-workspace-trust'],
  });
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`test-electron: failed: ${String(e)}\n`);
    process.exit(1);
  },
);
