/**
 * The extension-host suite under @vscode/test-electron, for machines that can download VS Code. Where the download
 * fails (no network to the VS Code update service), it says so and skips: the real-VS-Code proof on such machines is
 * the code-server end-to-end suite.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';

async function main(): Promise<number> {
  let executable: string;
  try {
    executable = await downloadAndUnzipVSCode({ version: 'stable', timeout: 15_000 });
  } catch (e) {
    process.stdout.write(`test-electron: skipped: VS Code could not be downloaded here (${(e as Error).message.split('\n')[0]}).\n`);
    return 0;
  }
  // The same extension-host suite as the code-server end-to-end run (test/e2e/suite), on a copy of examples/broken.
  const root = path.resolve(__dirname, '../../..');
  const suite = path.join(root, 'out', 'e2e', 'suite.js');
  await esbuild.build({
    entryPoints: [path.join(root, 'test/e2e/suite/index.ts')],
    outfile: suite,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
    logLevel: 'warning',
  });
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'obd-electron-'));
  fs.cpSync(path.join(root, 'examples', 'broken'), ws, { recursive: true });
  await runTests({
    vscodeExecutablePath: executable,
    extensionDevelopmentPath: root,
    extensionTestsPath: suite,
    launchArgs: [ws, '--disable-extensions', '--disable-workspace-trust'],
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
