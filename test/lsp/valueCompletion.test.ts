/**
 * Value completion in NapCat, go-cqhttp, LLOneBot and Koishi files, as a table: (example, file, the text with a cursor
 * ‸, the values offered and the text each inserts). Tokens from the other side are offered with a masked label.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CURSOR, completeInCopy } from './completeInCopy';

const NONEBOT_TOKEN = 'bot-token-2024';

interface Row {
  name: string;
  example: string;
  file: string;
  find: string;
  replace: string;
  /** label → the text inserted (undefined: not checked). */
  has: Record<string, string | undefined>;
  lacks?: string[];
  /** Extra files written into the copied example. */
  extra?: Record<string, string>;
  lang?: 'en' | 'zh';
}

const NAP = 'napcat/config/onebot11_123456.json';
const GOCQ = 'gocqhttp/config.yml';
const KOISHI = 'koishi/koishi.yml';
const LL = 'llonebot/data/config_123456.json';
const LL_FILE = (entry: string) => `{\n  "ob11": {\n    "enable": true,\n    "connect": [\n      {\n${entry}\n      }\n    ]\n  },\n  "log": true\n}\n`;

const rows: Row[] = [
  {
    name: 'NapCat messagePostFormat: array | string, quoted like the file',
    example: 'napcat-nonebot',
    file: NAP,
    find: "messagePostFormat: 'array',",
    replace: `messagePostFormat: ${CURSOR}`,
    has: { array: "'array'", string: "'string'" },
  },
  {
    name: 'NapCat messagePostFormat inside an opened quote',
    example: 'napcat-nonebot',
    file: NAP,
    find: "messagePostFormat: 'array',",
    replace: `messagePostFormat: 's${CURSOR}',`,
    has: { string: "'string'" },
  },
  {
    name: 'NapCat boolean entry key',
    example: 'napcat-nonebot',
    file: NAP,
    find: 'reportSelfMessage: false,',
    replace: `reportSelfMessage: ${CURSOR}`,
    has: { true: 'true', false: 'false' },
    lacks: ['array'],
  },
  {
    name: 'NapCat boolean inside an opened quote: the bare literal replaces the quotes',
    example: 'napcat-nonebot',
    file: NAP,
    find: 'reportSelfMessage: false,',
    replace: `reportSelfMessage: '${CURSOR}',`,
    has: { true: 'true', false: 'false' },
  },
  {
    name: 'NapCat top-level boolean',
    example: 'napcat-nonebot',
    file: NAP,
    find: 'parseMultMsg: false,',
    replace: `parseMultMsg: ${CURSOR}`,
    has: { true: 'true', false: 'false' },
  },
  {
    name: "NapCat websocketClients url: NoneBot's reverse WebSocket route",
    example: 'napcat-nonebot',
    file: NAP,
    find: "url: 'ws://127.0.0.1:8080/onebot/v11',",
    replace: `url: ${CURSOR}`,
    has: { 'ws://127.0.0.1:8080/onebot/v11/ws': "'ws://127.0.0.1:8080/onebot/v11/ws'" },
  },
  {
    name: "NapCat token: NoneBot's token, masked label, full insert",
    example: 'napcat-nonebot',
    file: NAP,
    find: "token: 'Xk3pQ9vLm2Rt7sWa',",
    replace: `token: ${CURSOR}`,
    has: { 'bo… (14 chars)': `'${NONEBOT_TOKEN}'` },
  },
  {
    name: 'NapCat token in Chinese',
    example: 'napcat-nonebot',
    file: NAP,
    find: "token: 'Xk3pQ9vLm2Rt7sWa',",
    replace: `token: ${CURSOR}`,
    has: { 'bo…（14 个字符）': undefined },
    lang: 'zh',
  },
  {
    name: 'NapCat name: no values',
    example: 'napcat-nonebot',
    file: NAP,
    find: "name: 'nonebot',",
    replace: `name: ${CURSOR}`,
    has: {},
    lacks: ['true', 'array'],
  },
  {
    name: 'go-cqhttp message.post-format',
    example: 'gocqhttp-koishi',
    file: GOCQ,
    find: 'post-format: string',
    replace: `post-format: ${CURSOR}`,
    has: { string: 'string', array: 'array' },
  },
  {
    name: 'go-cqhttp output.log-level',
    example: 'gocqhttp-koishi',
    file: GOCQ,
    find: 'log-level: warn',
    replace: `log-level: ${CURSOR}`,
    has: { trace: 'trace', info: 'info', error: 'error' },
  },
  {
    name: "go-cqhttp ws-reverse universal: Koishi's listen address + path",
    example: 'gocqhttp-koishi',
    file: GOCQ,
    find: 'universal: ws://127.0.0.1:5140/onebot/v11/ws',
    replace: `universal: ${CURSOR}`,
    has: { 'ws://127.0.0.1:5140/onebot': 'ws://127.0.0.1:5140/onebot' },
  },
  {
    name: 'go-cqhttp disabled in a server block',
    example: 'gocqhttp-koishi',
    file: GOCQ,
    find: '      reconnect-interval: 3000\n',
    replace: `      reconnect-interval: 3000\n      disabled: ${CURSOR}\n`,
    has: { true: 'true', false: 'false' },
  },
  {
    name: 'Koishi protocol',
    example: 'gocqhttp-koishi',
    file: KOISHI,
    find: "      selfId: '1233456'\n",
    replace: `      selfId: '1233456'\n      protocol: ${CURSOR}\n`,
    has: { 'ws-reverse': 'ws-reverse', ws: 'ws', http: 'http' },
  },
  {
    name: 'Koishi path: the default and the path go-cqhttp dials',
    example: 'gocqhttp-koishi',
    file: KOISHI,
    find: "      selfId: '1233456'\n",
    replace: `      selfId: '1233456'\n      path: ${CURSOR}\n`,
    has: { '/onebot': '/onebot', '/onebot/v11/ws': '/onebot/v11/ws' },
  },
  {
    name: 'Koishi server host',
    example: 'gocqhttp-koishi',
    file: KOISHI,
    find: '      maxPort: 5149\n',
    replace: `      maxPort: 5149\n      host: ${CURSOR}\n`,
    has: { '127.0.0.1': '127.0.0.1', '0.0.0.0': '0.0.0.0' },
  },
  {
    name: 'Koishi advanced.splitMixedContent',
    example: 'gocqhttp-koishi',
    file: KOISHI,
    find: "      selfId: '1233456'\n",
    replace: `      selfId: '1233456'\n      advanced:\n        splitMixedContent: ${CURSOR}\n`,
    has: { true: 'true', false: 'false' },
  },
  {
    name: 'LLOneBot type and messageFormat',
    example: 'napcat-nonebot',
    file: LL,
    find: '"type": "ws-reverse",',
    replace: `"type": ${CURSOR}`,
    has: { ws: '"ws"', 'ws-reverse': '"ws-reverse"', http: '"http"', 'http-post': '"http-post"' },
    extra: { [LL]: LL_FILE('        "type": "ws-reverse",\n        "enable": true,\n        "url": "",\n        "messageFormat": "array"') },
  },
  {
    name: 'LLOneBot ws-reverse url',
    example: 'napcat-nonebot',
    file: LL,
    find: '"url": ""',
    replace: `"url": "${CURSOR}"`,
    has: { 'ws://127.0.0.1:8080/onebot/v11/ws': '"ws://127.0.0.1:8080/onebot/v11/ws"' },
    extra: { [LL]: LL_FILE('        "type": "ws-reverse",\n        "enable": true,\n        "url": ""') },
  },
  {
    name: 'LLOneBot http-post url: the HTTP route',
    example: 'napcat-nonebot',
    file: LL,
    find: '"url": ""',
    replace: `"url": ${CURSOR}`,
    has: { 'http://127.0.0.1:8080/onebot/v11/http': '"http://127.0.0.1:8080/onebot/v11/http"' },
    lacks: ['ws://127.0.0.1:8080/onebot/v11/ws'],
    extra: { [LL]: LL_FILE('        "type": "http-post",\n        "enable": true,\n        "url": ""') },
  },
  {
    name: 'LLOneBot top-level log',
    example: 'napcat-nonebot',
    file: LL,
    find: '"log": true',
    replace: `"log": ${CURSOR}`,
    has: { true: 'true', false: 'false' },
    extra: { [LL]: LL_FILE('        "type": "ws-reverse",\n        "enable": true,\n        "url": ""') },
  },
];

describe('value completion in NapCat, go-cqhttp, LLOneBot and Koishi files', () => {
  for (const r of rows) {
    it(r.name, () => {
      const items = completeInCopy(r);
      const labels = items.map((i) => i.label);
      for (const [label, insert] of Object.entries(r.has)) {
        const item = items.find((i) => i.label === label);
        assert.ok(item, `${label} offered: ${labels.join(', ')}`);
        if (insert !== undefined) assert.equal(item.textEdit && 'newText' in item.textEdit ? item.textEdit.newText : item.insertText, insert, label);
      }
      for (const l of r.lacks ?? []) assert.ok(!labels.includes(l), `${l} not offered: ${labels.join(', ')}`);
      for (const i of items) {
        const shown = [
          i.label,
          i.detail ?? '',
          typeof i.documentation === 'string' ? i.documentation : (i.documentation?.value ?? ''),
          i.filterText ?? '',
        ].join(' ');
        assert.ok(!shown.includes(NONEBOT_TOKEN) && !shown.includes('Xk3pQ9vLm2Rt7sWa'), `${i.label}: a token is shown`);
      }
    });
  }
});
