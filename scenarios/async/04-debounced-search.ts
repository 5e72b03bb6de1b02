/**
 * A debounced search box showing results for a query the user no longer
 * has — a debounce (timers), network latency (jitter).
 *
 * Search-as-you-type: keystrokes are debounced by 100 ms, then the query
 * goes to a search service whose reply takes about 200 ms. The user types
 * "ca", pauses, then "cat": two requests are in flight at once. The box
 * shows whatever reply arrives last — so when the reply for "ca" is slow
 * enough to land after the one for "cat", the box shows results for "ca"
 * under a field that says "cat" (the out-of-order responses problem every
 * typeahead meets; RxJS's switchMap exists for it).
 *
 * DEPTH 1: the first reply later than the second by more than the gap
 * between the two requests (`jitter: 200` lets any timer fire up to 200 ms
 * late). FIFO delivers replies in request order, and it passes.
 * Fix (`fixed`): number the requests and ignore any reply that is not for
 * the latest one.
 */
import { defineScenario } from 'simloop';

export function debounce<A extends unknown[]>(fn: (...args: A) => void, waitMs: number): (...args: A) => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return (...args: A) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), waitMs);
  };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function searchService(query: string): Promise<string> {
  await sleep(200); // the network, both ways
  return `results for "${query}"`;
}

export class SearchBox {
  text = '';
  shown = '';
  private latest = 0;
  readonly onInput: (text: string) => void;

  constructor(
    private readonly search: (query: string) => Promise<string>,
    private readonly fixed: boolean,
  ) {
    this.onInput = debounce((text: string) => void this.run(text), 100);
  }

  type(text: string): void {
    this.text = text;
    this.onInput(text);
  }

  private async run(query: string): Promise<void> {
    const id = ++this.latest;
    const results = await this.search(query);
    // The bug: a reply is shown even when a newer request has been sent since.
    if (this.fixed && id !== this.latest) return;
    this.shown = results;
  }
}

/** The check both runners drive: type "ca", pause, type "cat"; once all is quiet the box shows results for "cat". */
export async function debouncedSearchCheck(fixed: boolean, print: (line: string) => void = () => {}): Promise<void> {
  const box = new SearchBox(searchService, fixed);
  box.type('c');
  box.type('ca');
  await sleep(150);
  box.type('cat');
  await sleep(2000);
  print(`field "${box.text}", showing ${box.shown}`);
  if (box.shown !== `results for "${box.text}"`) throw new Error(`the search box shows ${box.shown} while the field says "${box.text}"`);
}

export default defineScenario({
  name: 'async-debounced-search',
  description: 'a debounced typeahead shows the reply that arrived last, not the one for the latest query',
  jitter: 200,
  async run({ print }) {
    await debouncedSearchCheck(false, print);
  },
});

export const fixed = defineScenario({
  name: 'async-debounced-search-fixed',
  description: 'the same typeahead ignoring replies to superseded queries',
  jitter: 200,
  async run({ print }) {
    await debouncedSearchCheck(true, print);
  },
});
