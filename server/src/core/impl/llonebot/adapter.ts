import type { TextEdit } from '../../model';
import type { EditableField, ImplAdapter, ImplEndpoint } from '../../endpoints';
import { editUrlString, insertMember, literal, parseJson5, replaceValue, type J5Document } from '../json5';
import { LLONEBOT_FILE, generationOf, readLLOneBotConfig, resolve, whereFor, type Where } from './reader';

/** LLOneBot / LuckyLilliaBot: `data/config_<uin>.json` (2024: `LiteLoader/data/LLOneBot/config_<uin>.json`). */
export const llonebotAdapter: ImplAdapter = {
  kind: 'llonebot',
  name: 'LLOneBot',
  claims(fileName) {
    return LLONEBOT_FILE.test(fileName);
  },
  read(file, host) {
    return readLLOneBotConfig(file, host);
  },
  edit(ep, field, value, text) {
    const src = text(ep.file);
    if (src === undefined) return undefined;
    const doc = parseJson5(src);
    if (!doc.root || doc.root.kind !== 'object') return undefined;
    const where = whereFor(generationOf(ep.file, doc.root), ep.key, doc.root);
    return where ? editLLOneBot(doc, ep, where, field, value) : undefined;
  },
};

function editLLOneBot(doc: J5Document, ep: ImplEndpoint, where: Where, field: EditableField, value: string): TextEdit[] | undefined {
  const file = ep.file;
  const set = (p: (string | number)[] | undefined, kind: 'string' | 'number' | 'boolean'): TextEdit[] | undefined => {
    if (!p) return undefined;
    if (kind === 'number' && !/^\d+$/.test(value)) return undefined;
    if (kind === 'boolean' && value !== 'true' && value !== 'false') return undefined;
    const { node, parent } = resolve(doc.root, p);
    if (node) return replaceValue(doc, file, node, literal(doc, kind, value, node));
    const last = p[p.length - 1];
    if (!parent || parent.kind !== 'object' || typeof last !== 'string') return undefined;
    return insertMember(doc, file, parent, last, literal(doc, kind, value));
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
