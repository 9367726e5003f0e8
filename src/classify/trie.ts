/**
 * A character trie keyed by UTF-16 code units. Classification scans short
 * strings at every position, so lookups must not allocate: `matchAt` returns
 * the end index and leaves the value in `lastValue`.
 */

interface TrieNode<T> {
  next: Map<number, TrieNode<T>> | undefined;
  value: T | undefined;
}

export class CharTrie<T> {
  private readonly root: TrieNode<T> = { next: undefined, value: undefined };
  /** The value of the last successful `matchAt`. */
  lastValue: T | undefined = undefined;
  size = 0;

  get(key: string): T | undefined {
    let node: TrieNode<T> | undefined = this.root;
    for (let i = 0; i < key.length && node; i++) node = node.next?.get(key.charCodeAt(i));
    return node?.value;
  }

  set(key: string, value: T): void {
    let node = this.root;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      node.next ??= new Map();
      let child = node.next.get(c);
      if (!child) {
        child = { next: undefined, value: undefined };
        node.next.set(c, child);
      }
      node = child;
    }
    if (node.value === undefined) this.size++;
    node.value = value;
  }

  /** End index of the longest key starting at `start`, or -1. */
  matchAt(text: string, start: number): number {
    let node: TrieNode<T> | undefined = this.root;
    let end = -1;
    for (let j = start; j < text.length; j++) {
      node = node.next?.get(text.charCodeAt(j));
      if (!node) break;
      if (node.value !== undefined) {
        end = j + 1;
        this.lastValue = node.value;
      }
    }
    return end;
  }
}
