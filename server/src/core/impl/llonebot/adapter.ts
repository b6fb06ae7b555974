import type { TextEdit } from '../../model';
import type { EditableField, ImplAdapter, ImplEndpoint } from '../../endpoints';
import { editUrlString, type J5Document } from '../json5';
import { json5Adapter, setScalar } from '../json5Config';
import { LLONEBOT_FILE, generationOf, readLLOneBotConfig, resolve, whereFor, type Where } from './reader';

/** LLOneBot / LuckyLilliaBot: `data/config_<uin>.json` (2024: `LiteLoader/data/LLOneBot/config_<uin>.json`). */
export const llonebotAdapter: ImplAdapter = json5Adapter({
  kind: 'llonebot',
  name: 'LLOneBot',
  file: LLONEBOT_FILE,
  read: readLLOneBotConfig,
  edit(doc, ep, field, value) {
    const where = whereFor(generationOf(ep.file, doc.root), ep.key, doc.root);
    return where ? editLLOneBot(doc, ep, where, field, value) : undefined;
  },
});

function editLLOneBot(doc: J5Document, ep: ImplEndpoint, where: Where, field: EditableField, value: string): TextEdit[] | undefined {
  const file = ep.file;
  const set = (p: (string | number)[] | undefined, kind: 'string' | 'number' | 'boolean'): TextEdit[] | undefined => {
    if (!p) return undefined;
    const { node, parent } = resolve(doc.root, p);
    return setScalar(doc, file, parent, p[p.length - 1], node, kind, value);
  };
  switch (field) {
    case 'enable':
      return set(where.enable, 'boolean');
    case 'url':
      return ep.role === 'dials' ? set(where.url, 'string') : undefined;
    case 'path':
    case 'host':
    case 'port': {
      if (ep.role === 'dials') {
        const node = where.url ? resolve(doc.root, where.url).node : undefined;
        return node ? editUrlString(doc, file, node, field, value) : undefined;
      }
      if (field === 'path') return undefined;
      return set(field === 'port' ? where.port : where.host, field === 'port' ? 'number' : 'string');
    }
    case 'token':
      return set(where.token, 'string');
    case 'secret':
      return set(where.secret, 'string');
  }
  return undefined;
}
