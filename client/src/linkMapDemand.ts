/**
 * When the link map is worth a request to the server. The server says "the map changed" after every analysis (each
 * keystroke that reaches it) and every probe; the map is only worth building while someone sees it: the "OneBot
 * Links" view is visible or the diagram panel shows. A change that arrives while nobody looks only marks the map out
 * of date; the first look afterwards asks once. A command that reads the map (Show Link Map, the view's actions)
 * asks whenever the map is out of date, seen or not. At most one request waits to leave at a time: changes that
 * arrive before it leaves are answered by it (it reads what the server holds when it is sent).
 *
 * No vscode import: the unit tests read it as a table (test/client/linkMapDemand.test.ts).
 */
export type Watcher = 'view' | 'panel';

export class MapDemand {
  private readonly seenBy = new Set<Watcher>();
  /** The map held is older than the server's (nothing asked yet counts as older). */
  private stale = true;
  /** A request is queued and has not left yet. */
  private queued = false;

  /** Someone sees the map (the view or the panel). */
  get seen(): boolean {
    return this.seenBy.size > 0;
  }

  /** The server says the map changed. True: queue a request now. */
  changed(): boolean {
    this.stale = true;
    return this.take(false);
  }

  /** The map is out of date without a reason to ask yet (the server stopped or restarted). */
  outdated(): void {
    this.stale = true;
  }

  /** `who` became visible or hidden. True: queue a request now (it shows and what it would show is out of date). */
  shown(who: Watcher, visible: boolean): boolean {
    if (visible) this.seenBy.add(who);
    else this.seenBy.delete(who);
    return this.take(false);
  }

  /** A command needs the map now, seen or not. True: queue a request (false: it is current, or one is on its way). */
  needed(): boolean {
    return this.take(true);
  }

  /** The queued request leaves: it answers what the server holds at this moment. */
  sent(): void {
    this.queued = false;
    this.stale = false;
  }

  /** The request failed (the server is stopping or restarting): the map is still out of date. */
  failed(): void {
    this.stale = true;
  }

  private take(always: boolean): boolean {
    if (!this.stale || this.queued || !(always || this.seen)) return false;
    this.queued = true;
    return true;
  }
}
