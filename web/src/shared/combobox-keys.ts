/**
 * What a key does in a court picker's combobox: one rule for the desk's (React,
 * web/src/desk/CourtPicker.tsx) and the citizen pages' (plain DOM, web/src/citizen/court-picker.ts).
 * null: the key is not the picker's (the input keeps its default).
 */
export type ComboKeyAction = 'open' | 'up' | 'down' | 'pick' | 'leave';

export function comboKeyAction(
  key: { key: string; isComposing: boolean; keyCode: number },
  open: boolean,
): ComboKeyAction | null {
  // Keys that an input method is composing with (Enter commits the syllables) are its own.
  if (key.isComposing || key.keyCode === 229) return null;
  if (key.key === 'ArrowDown' || key.key === 'ArrowUp')
    return !open ? 'open' : key.key === 'ArrowDown' ? 'down' : 'up';
  // Enter picks; it does not send a half-chosen form.
  if (key.key === 'Enter' && open) return 'pick';
  if (key.key === 'Escape' && open) return 'leave';
  return null;
}

/** The option the arrows move to, within the list's `count` options. */
export function movedTo(active: number, action: 'up' | 'down', count: number): number {
  return action === 'down' ? Math.min(active + 1, count - 1) : Math.max(active - 1, 0);
}
