import { type KeyboardEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import { comboKeyAction, movedTo } from '../shared/combobox-keys';
import { courtLabel, matchCourts, NO_MATCHING_COURT, type PickableCourt, treeOrder } from '../shared/courts';

interface Item {
  code: string;
  text: string;
  basic: boolean;
}

/**
 * A court chosen by typing part of its name or its code (a WAI-ARIA 1.2 combobox with a listbox):
 * a native <select> cannot be searched with a Chinese input method, so an agent on a call scrolled
 * 115 names. The list filters on `input` and `compositionend` events (never keydown, which an input
 * method keeps to itself); arrows, Enter and Escape work the list, a click or a tap picks. The form
 * receives the court's code under `name`; typed text that was not picked is put back on leaving.
 */
export function CourtPicker({
  id,
  label,
  name,
  courts,
  defaultValue = '',
  empty,
}: {
  /** For a <label htmlFor>: the combobox is not wrapped in its label, which would forward option clicks to it. */
  id?: string;
  /** The accessible name. */
  label: string;
  name: string;
  courts: readonly PickableCourt[];
  defaultValue?: string;
  /** The option that leaves the field empty (offered when nothing is typed); none: a court is required. */
  empty?: string;
}) {
  const listed = useMemo(() => treeOrder(courts), [courts]);
  const shown = (code: string) => {
    const court = courts.find((c) => c.code === code);
    return court ? courtLabel(court) : '';
  };
  const [code, setCode] = useState(defaultValue);
  const [text, setText] = useState(() => shown(defaultValue));
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const composing = useRef(false);
  const list = useRef<HTMLDivElement>(null);
  const base = useId();
  const listId = `${base}list`;
  const optionId = (i: number) => `${base}o${i}`;

  const items = useMemo<Item[]>(() => {
    const found = matchCourts(listed, query).map(({ court, basic }) => ({
      code: court.code,
      text: courtLabel(court),
      basic,
    }));
    return empty !== undefined && !query ? [{ code: '', text: empty, basic: false }, ...found] : found;
  }, [listed, query, empty]);

  useEffect(() => {
    if (open) list.current?.children[active]?.scrollIntoView({ block: 'nearest' });
  }, [open, active]);

  /** The whole list, at the court chosen now. */
  const openList = () => {
    setQuery('');
    const all = matchCourts(listed, '');
    const at = code ? all.findIndex((l) => l.court.code === code) : -1;
    setActive(empty !== undefined ? at + 1 : Math.max(at, 0));
    setOpen(true);
  };
  const filter = (typed: string) => {
    setQuery(typed);
    setActive(0);
    setOpen(true);
  };
  const pick = (item: Item) => {
    setCode(item.code);
    setText(item.code ? item.text : '');
    setQuery('');
    setOpen(false);
  };
  /** Closed without a pick: the field shows its court again (or is emptied, when that is allowed). */
  const leave = () => {
    setOpen(false);
    setQuery('');
    if (empty !== undefined && !text.trim()) setCode('');
    else setText(shown(code));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const action = comboKeyAction(
      { key: e.key, isComposing: e.nativeEvent.isComposing, keyCode: e.keyCode },
      open,
    );
    if (!action) return;
    e.preventDefault();
    if (action === 'open') openList();
    else if (action === 'pick') {
      const item = items[active];
      if (item) pick(item);
    } else if (action === 'leave') leave();
    else setActive((a) => movedTo(a, action, items.length));
  };

  const nothing = open && items.length === 0;
  return (
    <div className="desk-combo">
      <input type="hidden" name={name} value={code} />
      <input
        id={id}
        className="desk-input desk-combo-input"
        role="combobox"
        aria-label={label}
        aria-autocomplete="list"
        aria-expanded={open && !nothing}
        aria-controls={listId}
        aria-activedescendant={open && items[active] ? optionId(active) : undefined}
        autoComplete="off"
        placeholder="输入名称或代码查找"
        value={text}
        onClick={(e) => {
          // Opened by a click, the whole name is selected: what is typed next replaces it.
          if (open) return;
          openList();
          e.currentTarget.select();
        }}
        onChange={(e) => {
          setText(e.target.value);
          if (!composing.current) filter(e.target.value);
        }}
        onCompositionStart={() => {
          composing.current = true;
        }}
        onCompositionEnd={(e) => {
          composing.current = false;
          filter(e.currentTarget.value);
        }}
        onKeyDown={onKeyDown}
        onBlur={leave}
      />
      {/* Pressing an option must not take the focus from the input (it would close the list first). */}
      <div
        id={listId}
        ref={list}
        role="listbox"
        className="desk-combo-list"
        hidden={!open || nothing}
        onMouseDown={(e) => e.preventDefault()}
      >
        {items.map((item, i) => (
          // biome-ignore lint/a11y/useKeyWithClickEvents: the keyboard works the list from the combobox (aria-activedescendant)
          <div
            key={item.code}
            id={optionId(i)}
            role="option"
            tabIndex={-1}
            aria-selected={i === active}
            className={item.basic ? 'desk-combo-basic' : undefined}
            onClick={() => pick(item)}
          >
            {item.text}
          </div>
        ))}
      </div>
      <div role="status" className="desk-combo-empty">
        {nothing ? NO_MATCHING_COURT : ''}
      </div>
    </div>
  );
}
