import { comboKeyAction, movedTo } from '../shared/combobox-keys';
import { courtLabel, matchCourts, NO_MATCHING_COURT, type PickableCourt, treeOrder } from '../shared/courts';
import { h } from './dom';

interface Item {
  code: string;
  text: string;
  basic: boolean;
}

/**
 * The citizen's court chooser on /file, a WAI-ARIA 1.2 combobox in plain DOM (the desk's is
 * CourtPicker.tsx; both list and find courts by web/src/shared/courts.ts): a citizen types part of
 * the name (弋阳) with the phone's input method and taps the court, instead of scrolling 115 names.
 * The list filters on `input` and `compositionend` events, never on keys, which an input method
 * keeps to itself. `code()` is the court chosen ('' for none: emptying the field chooses none).
 */
export function courtPicker(id: string): {
  element: HTMLElement;
  box: HTMLInputElement;
  code(): string;
  setCourts(courts: readonly PickableCourt[]): void;
} {
  let listed: { court: PickableCourt; basic: boolean }[] = [];
  let chosen: Item | null = null;
  let items: Item[] = [];
  let active = 0;
  let open = false;
  let composing = false;

  const list = h('div', { id: `${id}-list`, role: 'listbox', className: 'combo-list', hidden: true });
  const status = h('div', { role: 'status', className: 'combo-empty' });
  const box = h('input', {
    id,
    role: 'combobox',
    'aria-autocomplete': 'list',
    'aria-expanded': 'false',
    'aria-controls': list.id,
    autocomplete: 'off',
    placeholder: '输入法院名称查找（填写案号的可不选）',
  });

  /** Shows the list for `query` (open) or hides it, with `active` the option the keys are on. */
  const render = () => {
    // Expanded only while options show: with nothing matching, the status line speaks instead.
    box.setAttribute('aria-expanded', String(open && items.length > 0));
    list.hidden = !open || items.length === 0;
    status.textContent = open && items.length === 0 ? NO_MATCHING_COURT : '';
    list.replaceChildren(
      ...(open ? items : []).map((item, i) =>
        h(
          'div',
          {
            id: `${id}-o${i}`,
            role: 'option',
            'aria-selected': String(i === active),
            className: item.basic ? 'basic' : undefined,
            onClick: () => pick(item),
          },
          item.text,
        ),
      ),
    );
    if (open && items[active]) {
      box.setAttribute('aria-activedescendant', `${id}-o${active}`);
      list.children[active]?.scrollIntoView({ block: 'nearest' });
    } else box.removeAttribute('aria-activedescendant');
  };
  const filter = (query: string, at = 0) => {
    items = matchCourts(listed, query).map(({ court, basic }) => ({
      code: court.code,
      text: courtLabel(court),
      basic,
    }));
    active = at;
    open = true;
    render();
  };
  const pick = (item: Item) => {
    chosen = item;
    box.value = item.text;
    open = false;
    render();
  };
  /** Closed without a pick: the field shows its court again, or none when it was emptied. */
  const leave = () => {
    if (!box.value.trim()) chosen = null;
    box.value = chosen?.text ?? '';
    open = false;
    render();
  };

  box.addEventListener('input', () => {
    if (!composing) filter(box.value);
  });
  box.addEventListener('compositionstart', () => {
    composing = true;
  });
  box.addEventListener('compositionend', () => {
    composing = false;
    filter(box.value);
  });
  box.addEventListener('click', () => {
    if (open) return;
    filter('', Math.max(0, chosen ? listed.findIndex((l) => l.court.code === chosen?.code) : 0));
    box.select();
  });
  box.addEventListener('blur', leave);
  box.addEventListener('keydown', (e) => {
    const action = comboKeyAction(e, open);
    if (!action) return;
    e.preventDefault();
    if (action === 'open') filter('');
    else if (action === 'pick') {
      const item = items[active];
      if (item) pick(item);
    } else if (action === 'leave') leave();
    else {
      active = movedTo(active, action, items.length);
      render();
    }
  });
  // Pressing an option must not take the focus from the input (it would close the list first).
  list.addEventListener('mousedown', (e) => e.preventDefault());

  return {
    element: h('div', { className: 'combo' }, box, list, status),
    box,
    code: () => chosen?.code ?? '',
    setCourts: (courts) => {
      listed = treeOrder(courts);
    },
  };
}
