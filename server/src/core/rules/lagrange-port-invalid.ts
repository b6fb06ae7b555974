import type { Rule } from './types';
import { t } from '../l10n';
import { toUInt32 } from '../lagrange/reader';
import { implLabel } from './lib/sides';
import { fix, replaceJsonValue } from './lib/edits';

export const rule: Rule = {
  code: 'lagrange-port-invalid',
  defaultSeverity: 'error',
  scope: 'lagrange',
  title: t('Port is not a usable port number', 'Port 不是可用的端口号'),
  doc: {
    checks: "An enabled implementation's `Port` converts to .NET's `UInt32` and lies in 1–65535.",
    why: 'Binding happens when the services start, right after login: a value that does not convert (`"8080a"`, `-1`, `80.5`, `""`) throws `InvalidOperationException: Failed to convert configuration value at \'Implementations:0:Port\' to type \'System.UInt32\'` outside any try and Lagrange crashes. 0 (also the value when Port is missing) converts but dials port 0 or is rejected by the listener; above 65535 no socket can use it.',
    sources: [
      'docs/facts/lagrange.md#implementations-dispatch (bad value → crash right after login; `Opt/*.cs` Port is uint), docs/facts/lagrange.md#forward-websocket (Port 0 rejected)',
    ],
    example: '{ "Type": "ReverseWebSocket", "Host": "127.0.0.1", "Port": "8080a" }',
    fix: "Use a number from 1 to 65535, the same as NoneBot's PORT for a reverse connection.",
  },
  checkLagrange(cfg, ctx) {
    for (const impl of cfg.implementations) {
      if (!impl.enabled || !impl.type) continue;
      const node = impl.fields.port;
      const label = implLabel(impl);
      if (!node) continue; // absent: 0, which port-mismatch reports where a link needs a port
      const raw = node.value ?? '';
      const n = toUInt32(raw);
      const digits = /^\s*[+]?(\d+)\s*$/.exec(raw);
      const fixes =
        digits && Number(digits[1]) <= 65535 && Number(digits[1]) > 0
          ? [fix(t(`Write ${Number(digits[1])}`, `改为 ${Number(digits[1])}`), [replaceJsonValue(node, String(Number(digits[1])))], true)]
          : [];
      if (n === undefined) {
        ctx.report({
          file: node.file,
          range: node.valueRange,
          message: t(
            `Port "${raw}" is not an unsigned integer: Lagrange crashes right after login with "Failed to convert configuration value at '${node.path}' to type 'System.UInt32'". Use a number from 1 to 65535.`,
            `Port "${raw}" 不是无符号整数：Lagrange 会在登录后立即崩溃，报错 "Failed to convert configuration value at '${node.path}' to type 'System.UInt32'"。请使用 1 到 65535 之间的数字。`,
          ),
          fixes,
        });
      } else if (n === 0 || n > 65535) {
        const why =
          n === 0
            ? impl.type === 'ReverseWebSocket' || impl.type === 'HttpPost'
              ? t('Lagrange would dial port 0, which nothing listens on', 'Lagrange 会连接端口 0，而没有程序监听该端口')
              : t("the listener rejects port 0 and the service doesn't start", '监听器会拒绝端口 0，服务无法启动')
            : t('ports stop at 65535; the connection cannot be made', '端口最大为 65535；无法建立连接');
        ctx.report({
          file: node.file,
          range: node.valueRange,
          message: t(
            `Port ${raw} in ${label.en}: ${why.en}. Use a number from 1 to 65535.`,
            `${label.zh} 的 Port ${raw}：${why.zh}。请使用 1 到 65535 之间的数字。`,
          ),
        });
      }
    }
  },
};
