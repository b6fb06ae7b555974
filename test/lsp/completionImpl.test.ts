/** Key completion in NapCat, LLOneBot, go-cqhttp and Koishi files: a table of (file, text with a cursor, expected labels). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyze, nodeFileHost } from '../../server/src/core/analyze';
import { completeAt } from '../../server/src/lsp/completion';
import { hoverAt } from '../../server/src/lsp/hover';
import { CURSOR, completeInCopy } from './completeInCopy';

interface Row {
  name: string;
  /** The example folder and the file inside it. */
  example: string;
  file: string;
  /** Replaces the first occurrence of `find` in the file's text; the cursor is where ‸ is. */
  find: string;
  replace: string;
  has: string[];
  lacks: string[];
}

const rows: Row[] = [
  {
    name: 'NapCat websocketClients item: keys of that array not yet written',
    example: 'napcat-nonebot',
    file: 'napcat/config/onebot11_123456.json',
    find: '        debug: false,\n',
    replace: `        debug: false,\n        ${CURSOR}\n`,
    has: ['verifyCertificate'],
    lacks: ['url', 'token', 'host', 'port', 'enableCors'],
  },
  {
    name: 'NapCat: a partial key',
    example: 'napcat-nonebot',
    file: 'napcat/config/onebot11_123456.json',
    find: '        debug: false,\n',
    replace: `        debug: false,\n        veri${CURSOR}\n`,
    has: ['verifyCertificate'],
    lacks: ['url'],
  },
  {
    name: 'NapCat: after a colon, a value position',
    example: 'napcat-nonebot',
    file: 'napcat/config/onebot11_123456.json',
    find: "name: 'nonebot'",
    replace: `name: ${CURSOR}'nonebot'`,
    has: [],
    lacks: ['verifyCertificate', 'url'],
  },
  {
    name: 'NapCat: top level gets no entry keys',
    example: 'napcat-nonebot',
    file: 'napcat/config/onebot11_123456.json',
    find: "  musicSignUrl: '',\n",
    replace: `  musicSignUrl: '',\n  ${CURSOR}\n`,
    has: [],
    lacks: ['url', 'token'],
  },
  {
    name: 'go-cqhttp ws-reverse block',
    example: 'gocqhttp-koishi',
    file: 'gocqhttp/config.yml',
    find: '      reconnect-interval: 3000\n',
    replace: `      reconnect-interval: 3000\n      ${CURSOR}\n`,
    has: ['disabled'],
    lacks: ['universal', 'reconnect-interval', 'port', 'address'],
  },
  {
    name: 'go-cqhttp middlewares',
    example: 'gocqhttp-koishi',
    file: 'gocqhttp/config.yml',
    find: '        <<: *default',
    replace: `        <<: *default\n        ${CURSOR}`,
    has: ['access-token', 'filter', 'rate-limit'],
    lacks: ['universal'],
  },
  {
    name: 'go-cqhttp: no NoneBot keys in YAML',
    example: 'gocqhttp-koishi',
    file: 'gocqhttp/config.yml',
    find: 'heartbeat:\n',
    replace: `heartbeat:\n${CURSOR}\n`,
    has: [],
    lacks: ['DRIVER', 'ONEBOT_ACCESS_TOKEN'],
  },
  {
    name: 'Koishi adapter-onebot (ws-reverse by default)',
    example: 'gocqhttp-koishi',
    file: 'koishi/koishi.yml',
    find: "      selfId: '1233456'\n",
    replace: `      selfId: '1233456'\n      ${CURSOR}\n`,
    has: ['token', 'protocol', 'path'],
    lacks: ['selfId', 'endpoint'],
  },
  {
    name: 'Koishi adapter-onebot with protocol ws',
    example: 'gocqhttp-koishi',
    file: 'koishi/koishi.yml',
    find: "      selfId: '1233456'\n",
    replace: `      selfId: '1233456'\n      protocol: ws\n      ${CURSOR}\n`,
    has: ['endpoint', 'retryTimes'],
    lacks: ['path', 'protocol'],
  },
  {
    name: 'Koishi server plugin',
    example: 'gocqhttp-koishi',
    file: 'koishi/koishi.yml',
    find: '      maxPort: 5149\n',
    replace: `      maxPort: 5149\n      ${CURSOR}\n`,
    has: ['host', 'selfUrl'],
    lacks: ['port', 'maxPort'],
  },
];

describe('key completion in NapCat, go-cqhttp and Koishi files', () => {
  for (const r of rows) {
    it(r.name, () => {
      const labels = completeInCopy(r).map((i) => i.label);
      for (const h of r.has) assert.ok(labels.includes(h), `${h} offered: ${labels.join(', ')}`);
      for (const l of r.lacks) assert.ok(!labels.includes(l), `${l} not offered: ${labels.join(', ')}`);
    });
  }
});

describe('completion and hover on broken buffers never throw', () => {
  // A stale model (from the files on disk) with a buffer being typed: every position of each text.
  const texts: [string, string, string[]][] = [
    [
      'napcat-nonebot',
      'napcat/config/onebot11_123456.json',
      [
        "{ network: { websocketClients: [ { url: 'ws://",
        '{"network":{"websocketClients":[{/* never closed',
        "{ network: [[[[{{{{ ]]]] }}}} , , : : '\\",
        '}}}]]]{',
        '',
      ],
    ],
  ];
  texts.push(['gocqhttp-koishi', 'gocqhttp/config.yml', ['servers:\n  - ws-reverse:\n      universal: "ws://\n    :\n- - - :\n\t\tbad', ':\n:\n  :', '']]);
  texts.push(['gocqhttp-koishi', 'koishi/koishi.yml', ['plugins:\n  adapter-onebot:\n    protocol: [\n    ', '  adapter-onebot:x:\n', '']]);
  for (const [example, rel, bodies] of texts) {
    it(`${example}/${rel}`, () => {
      const root = path.resolve('examples', example);
      const file = path.join(root, rel);
      const { model } = analyze([root], nodeFileHost);
      let asked = 0;
      for (const body of bodies) {
        const lines = body.split('\n');
        for (let line = 0; line < lines.length; line++)
          for (let character = 0; character <= lines[line].length; character++) {
            const items = completeAt(body, file, { line, character }, model, 'zh');
            assert.ok(Array.isArray(items));
            hoverAt(model, file, { line, character }, 'en');
            hoverAt(model, file, { line, character }, 'zh', body);
            asked++;
          }
      }
      assert.ok(asked > 10);
    });
  }
});
