/**
 * The citizen's pages are built with the DOM itself, no framework: a citizen on a slow phone opens
 * an SMS link and loads a few KB instead of React's 70 KB (gzipped), which alone was over the
 * pages' budget. `h` makes an element; a page keeps the few nodes it changes and changes them.
 */
type Child = Node | string | null | undefined | false;
type Props = Record<string, string | number | boolean | ((e: Event) => void) | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(key.slice(2).toLowerCase(), value);
    else if (key === 'className') el.className = String(value);
    else if (key === 'value' || key === 'checked' || key === 'disabled' || key === 'noValidate')
      (el as unknown as Record<string, unknown>)[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

/** Replaces what `el` shows. */
export function show(el: Element, ...children: (Child | Child[])[]): void {
  el.replaceChildren();
  append(el, children);
}

function append(el: Element, children: (Child | Child[])[]): void {
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c);
}

/** The page's frame: the service's bar, the title, the body. */
export function shell(title: string, ...children: (Child | Child[])[]): HTMLElement {
  return h(
    'div',
    { className: 'page' },
    h('div', { className: 'bar' }, '12368 诉讼服务'),
    h('main', { className: 'body' }, h('h1', {}, title), ...children),
  );
}

/** A line saying what went wrong, read out by screen readers (role=alert). */
export const alertLine = (text: string) => h('p', { className: 'error', role: 'alert' }, text);

/** A label/value row of a card. */
export const row = (label: string, value: Child, props: Props = {}) =>
  h('div', { className: 'row' }, h('span', {}, label), h('span', props, value));
