import { UsageError } from './errors/index.js';

/**
 * A named set of plug-ins of one kind (protocols, presets, result types, formats): adding one is
 * one `register` line, and an unknown name is an error that lists the known ones.
 *
 * @example
 * ```ts
 * const protocols = new Registry<Protocol>('protocol', [httpProtocol])
 * protocols.register(widgetProtocol)
 * protocols.get('wechat-widget')
 * ```
 */
export class Registry<T extends { readonly name: string }> {
  private readonly items = new Map<string, T>();

  constructor(
    /** What an item is, for messages: `protocol`, `preset`, `format`. */
    readonly noun: string,
    items: readonly T[] = [],
  ) {
    for (const item of items) this.register(item);
  }

  /** Adds an item; a second item of the same name is a programming error. */
  register(item: T): this {
    if (this.items.has(item.name)) throw new TypeError(`a ${this.noun} named "${item.name}" is registered already`);
    this.items.set(item.name, item);
    return this;
  }

  /** The item of that name, if any (own names only: `constructor` is no item). */
  find(name: string): T | undefined {
    return this.items.get(name);
  }

  /** The item of that name; an unknown name is a {@link UsageError} listing the known ones. */
  get(name: string): T {
    const item = this.items.get(name);
    if (!item) throw new UsageError(this.unknown(name));
    return item;
  }

  /** `unknown format "pdf"; known: text, md` */
  unknown(name: string): string {
    return `unknown ${this.noun} "${name}"; known: ${this.names().join(', ')}`;
  }

  names(): string[] {
    return [...this.items.keys()];
  }

  all(): T[] {
    return [...this.items.values()];
  }
}
