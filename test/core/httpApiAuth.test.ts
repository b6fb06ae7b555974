/**
 * How each implementation's HTTP API server answers the Authorization header a framework sends (forward-ws-mismatch's
 * model of it): NoneBot's `_call_api` sends `Bearer <token>` (a bare `Bearer ` for an empty token, nothing when unset);
 * Koishi's `protocol: http` always sends `Token <token>`.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { httpApiAnswer } from '../../server/src/core/rules/forward-ws-mismatch';
import type { ImplEndpoint, ImplementationKind } from '../../server/src/core/model';

const server = (implementation: ImplementationKind, token: string | null) => ({ implementation, token }) as ImplEndpoint;

describe('what an HTTP API server answers', () => {
  // [implementation, its token, the header sent, the status it answers (200: accepted)]
  const rows: [ImplementationKind, string | null, string | null, number][] = [
    // no token, or an empty one: nobody checks
    ['lagrange', null, null, 200],
    ['lagrange', '', 'Token undefined', 200],
    ['napcat', '', null, 200],
    ['gocqhttp', '', 'Token x', 200],
    ['llonebot', null, 'Bearer x', 200],
    // Lagrange: the whole header must be `Bearer <AccessToken>`; none → 401, anything else → 403
    ['lagrange', 'tk1', 'Bearer tk1', 200],
    ['lagrange', 'tk1', null, 401],
    ['lagrange', 'tk1', 'Bearer ', 403],
    ['lagrange', 'tk1', 'Bearer tk2', 403],
    ['lagrange', 'tk1', 'Token tk1', 403],
    // NapCat and LLOneBot: the text after `Bearer ` (the whole header without it); else 403
    ['napcat', 'tk1', 'Bearer tk1', 200],
    ['napcat', 'tk1', null, 403],
    ['napcat', 'tk1', 'Token tk1', 403],
    ['napcat', 'tk1', 'Bearer tk2', 403],
    ['llonebot', 'tk1', 'Bearer tk1', 200],
    ['llonebot', 'tk1', 'Token tk1', 403],
    ['llonebot', 'tk1', null, 403],
    // go-cqhttp: the text after the first space, whatever the scheme word; nothing there → 401, else 403
    ['gocqhttp', 'tk1', 'Bearer tk1', 200],
    ['gocqhttp', 'tk1', 'Token tk1', 200],
    ['gocqhttp', 'tk1', 'tk1', 200],
    ['gocqhttp', 'tk1', 'Token undefined', 403],
    ['gocqhttp', 'tk1', 'Bearer tk2', 403],
    ['gocqhttp', 'tk1', 'Bearer ', 401],
    ['gocqhttp', 'tk1', null, 401],
  ];
  for (const [impl, token, header, status] of rows) {
    it(`${impl} with token ${JSON.stringify(token)}, header ${JSON.stringify(header)} → ${status}`, () => {
      const a = httpApiAnswer(server(impl, token), header);
      assert.equal(a.ok ? 200 : a.status, status);
      if (!a.ok) assert.ok(a.refusal.en.length > 0 && a.refusal.zh.length > 0);
    });
  }
});
