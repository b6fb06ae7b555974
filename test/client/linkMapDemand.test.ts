/**
 * When the link map is asked of the server (client/src/linkMapDemand.ts): only while the view or the diagram panel
 * shows it, once when it comes into sight out of date, and whenever a command needs it.
 *
 * Each case is a line of events; the trace marks with `!` each event after which a request is queued. Events:
 * `change` (the server says the map changed), `view+`/`view-` and `panel+`/`panel-` (visibility), `need` (a command
 * reads the map), `out` (the server stopped or restarted), `send` (the queued request leaves), `fail` (it failed).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MapDemand } from '../../client/src/linkMapDemand';

function trace(events: string): string {
  const d = new MapDemand();
  const out: string[] = [];
  for (const e of events.split(' ')) {
    let asks = false;
    if (e === 'change') asks = d.changed();
    else if (e === 'view+' || e === 'view-') asks = d.shown('view', e.endsWith('+'));
    else if (e === 'panel+' || e === 'panel-') asks = d.shown('panel', e.endsWith('+'));
    else if (e === 'need') asks = d.needed();
    else if (e === 'out') d.outdated();
    else if (e === 'send') d.sent();
    else if (e === 'fail') d.failed();
    else throw new Error(`unknown event ${e}`);
    out.push(asks ? `${e}!` : e);
  }
  return out.join(' ');
}

// [case, events, trace]
const CASES: [string, string, string][] = [
  ['typing while nothing shows the map: no request', 'change change change change', 'change change change change'],
  ['the view opens on a map never asked for: one request', 'view+', 'view+!'],
  ['the view opens after many changes: one request', 'change change change view+ send', 'change change change view+! send'],
  ['the view opens on a current map: none', 'view+ send view- view+', 'view+! send view- view+'],
  ['the view hides, changes arrive, it shows again: one request', 'view+ send view- change change view+ send', 'view+! send view- change change view+! send'],
  ['a change while the view shows: one request each', 'view+ send change send change send', 'view+! send change! send change! send'],
  ['changes before the queued request leaves: answered by it', 'view+ change change send change send', 'view+! change change send change! send'],
  ['a change while only the panel shows', 'panel+ send change send', 'panel+! send change! send'],
  ['the panel hides: changes wait for it', 'panel+ send panel- change panel+ send', 'panel+! send panel- change panel+! send'],
  ['the view shows while the panel already does: the map is current', 'panel+ send view+ change send', 'panel+! send view+ change! send'],
  ['one of the two hides, the other still shows', 'view+ panel+ send view- change send', 'view+! panel+ send view- change! send'],
  ['both hide: changes wait', 'view+ panel+ send view- panel- change change', 'view+! panel+ send view- panel- change change'],
  ['a command needs the map while nothing shows it: one request', 'change change need send need', 'change change need! send need'],
  ['a command needs the map while a request is queued: none more', 'view+ need send', 'view+! need send'],
  ['a command needs a current map: none', 'need send need', 'need! send need'],
  ['a failed request leaves the map out of date: the next look asks', 'view+ send fail view- view+ send', 'view+! send fail view- view+! send'],
  ['a failed request: a command asks again', 'need send fail need', 'need! send fail need!'],
  ['the server stopped while hidden: the next look asks', 'view+ send view- out view+', 'view+! send view- out view+!'],
  ['the server restarted while shown: nothing until it says the map changed', 'view+ send out change', 'view+! send out change!'],
];

describe('link map demand: asked for only while seen', () => {
  for (const [name, events, want] of CASES) it(name, () => assert.equal(trace(events), want));
});
