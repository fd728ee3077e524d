import {
  type CSSProperties,
  createContext,
  type FormEvent,
  type ReactNode,
  useCallback,
  useContext,
  useRef,
  useState,
} from 'react';

/**
 * The desk's light furniture (issue 25): the shell and the pages a person lands on first (sign-in,
 * an emailed order, a queue, intake) are built from these plain elements and desk.css, not from Ant
 * Design, whose runtime and components would double the first load. Pages opened later from the
 * desk still use Ant Design (inside `withAntd`).
 */

/** A titled box (what Ant Design's Card was here). */
export function Panel({
  title,
  extra,
  small,
  children,
  style,
  testId,
}: {
  title?: ReactNode;
  extra?: ReactNode;
  small?: boolean;
  children: ReactNode;
  style?: CSSProperties;
  testId?: string;
}) {
  return (
    <section
      className={small ? 'desk-panel desk-panel-small' : 'desk-panel'}
      style={style}
      data-testid={testId}
    >
      {(title || extra) && (
        <div className="desk-panel-head">
          <div className="desk-panel-title">{title}</div>
          {extra}
        </div>
      )}
      <div className="desk-panel-body">{children}</div>
    </section>
  );
}

export type TagColor =
  | 'default'
  | 'processing'
  | 'red'
  | 'volcano'
  | 'orange'
  | 'purple'
  | 'gold'
  | 'blue'
  | 'cyan';

export function Tag({
  color = 'default',
  children,
  testId,
}: {
  color?: TagColor;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <span className={`desk-tag desk-tag-${color}`} data-testid={testId}>
      {children}
    </span>
  );
}

/** A message in the page (Ant Design's Alert): read out, as that one was. */
export function Notice({
  type,
  title,
  description,
  style,
}: {
  type: 'info' | 'warning' | 'error' | 'success';
  title: ReactNode;
  description?: ReactNode;
  style?: CSSProperties;
}) {
  return (
    <div role="alert" className={`desk-notice desk-notice-${type}`} style={style}>
      <div className="desk-notice-title">{title}</div>
      {description && <div>{description}</div>}
    </div>
  );
}

export function Loading() {
  return (
    <p className="desk-loading" aria-busy="true">
      加载中…
    </p>
  );
}

type ButtonProps = {
  kind?: 'primary' | 'danger' | 'link';
  small?: boolean;
  block?: boolean;
} & React.ButtonHTMLAttributes<HTMLButtonElement>;

export function Button({ kind, small, block, className, type = 'button', ...rest }: ButtonProps) {
  const classes = [
    'desk-btn',
    kind && `desk-btn-${kind}`,
    small && 'desk-btn-small',
    block && 'desk-btn-block',
    className,
  ];
  return <button type={type} className={classes.filter(Boolean).join(' ')} {...rest} />;
}

/**
 * A labelled control with its Chinese error beside it. One control: a <label> around it, or beside
 * it for `htmlFor` (a combobox, whose list inside a label would pass each click on to the input); a
 * group of radios: a <fieldset> whose legend names it.
 */
export function Field({
  label,
  error,
  hint,
  group,
  htmlFor,
  children,
}: {
  label?: ReactNode;
  error?: string | undefined;
  hint?: ReactNode;
  group?: boolean;
  htmlFor?: string;
  children: ReactNode;
}) {
  const after = (
    <>
      {hint && <div className="desk-field-hint">{hint}</div>}
      {error && (
        <div role="alert" className="desk-field-error">
          {error}
        </div>
      )}
    </>
  );
  if (group)
    return (
      <fieldset className="desk-field">
        {label && <legend>{label}</legend>}
        {children}
        {after}
      </fieldset>
    );
  if (htmlFor)
    return (
      <div className="desk-field">
        {label && <label htmlFor={htmlFor}>{label}</label>}
        {children}
        {after}
      </div>
    );
  return (
    <div className="desk-field">
      {/* biome-ignore lint/a11y/noLabelWithoutControl: the control is `children`, inside the label */}
      <label className="desk-field">
        {label && <span>{label}</span>}
        {children}
      </label>
      {after}
    </div>
  );
}

/** Radio buttons for one choice; `segmented` draws them as a row of buttons. */
export function Choices<V extends string>({
  name,
  options,
  value,
  defaultValue,
  onChange,
  segmented,
  label,
}: {
  name: string;
  options: readonly { value: V; label: ReactNode }[];
  value?: V;
  defaultValue?: V;
  onChange?: (v: V) => void;
  segmented?: boolean;
  /** The group's accessible name, when no legend names it. */
  label?: string;
}) {
  return (
    <div className={segmented ? 'desk-segmented' : 'desk-choices'} role="radiogroup" aria-label={label}>
      {options.map((o) => (
        <label key={o.value}>
          <input
            type="radio"
            name={name}
            value={o.value}
            {...(value === undefined
              ? { defaultChecked: o.value === defaultValue }
              : { checked: o.value === value })}
            onChange={() => onChange?.(o.value)}
          />
          {o.label}
        </label>
      ))}
    </div>
  );
}

/**
 * A form whose required fields are checked in Chinese (`useRequired`'s `check`; `noValidate`, so no
 * browser bubble in the browser's language) and whose values, by field name, go to `onValues` once
 * they are all there.
 */
export function CheckedForm({
  check,
  onValues,
  inline,
  children,
}: {
  check: (values: Record<string, string>) => boolean;
  onValues: (values: Record<string, string>) => void;
  inline?: boolean;
  children: ReactNode;
}) {
  return (
    <form
      className={inline ? 'desk-form desk-form-inline' : 'desk-form'}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const values = valuesOf(e);
        if (check(values)) onValues(values);
      }}
    >
      {children}
    </form>
  );
}

/** A form's values by field name (unchecked radios absent). */
function valuesOf(event: FormEvent<HTMLFormElement>): Record<string, string> {
  const values: Record<string, string> = {};
  new FormData(event.currentTarget).forEach((v, k) => {
    if (typeof v === 'string') values[k] = v;
  });
  return values;
}

/**
 * Required fields and the Chinese message each one shows when left empty (or only spaces): the
 * form is `noValidate`, so no browser bubble speaks the browser's language.
 */
export function useRequired<K extends string>(messages: Partial<Record<K, string>>) {
  const [errors, setErrors] = useState<Partial<Record<K, string>>>({});
  const check = (values: Record<string, string>): boolean => {
    const found: Partial<Record<K, string>> = {};
    for (const k of Object.keys(messages) as K[]) if (!values[k]?.trim()) found[k] = messages[k];
    setErrors(found);
    return Object.keys(found).length === 0;
  };
  return { errors, check };
}

interface Toast {
  id: number;
  type: 'success' | 'error' | 'info';
  text: string;
}
type Say = (text: string) => void;
const ToastContext = createContext<{ success: Say; error: Say; info: Say } | null>(null);

/** Short messages at the top of the page for three seconds (what Ant Design's message did). */
export function Toasts({ children }: { children: ReactNode }) {
  const [items, setItems] = useState<Toast[]>([]);
  const next = useRef(0);
  const show = useCallback((type: Toast['type'], text: string) => {
    const id = ++next.current;
    setItems((all) => [...all, { id, type, text }]);
    setTimeout(() => setItems((all) => all.filter((t) => t.id !== id)), 3000);
  }, []);
  const [say] = useState(() => ({
    success: (t: string) => show('success', t),
    error: (t: string) => show('error', t),
    info: (t: string) => show('info', t),
  }));
  return (
    <ToastContext.Provider value={say}>
      {children}
      {/* One region always present, so that a screen reader reads what is added to it. */}
      <div className="desk-toasts" aria-live="polite">
        {items.map((t) => (
          <div
            key={t.id}
            role={t.type === 'error' ? 'alert' : 'status'}
            className={`desk-toast desk-toast-${t.type}`}
          >
            {t.text}
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export function useToast(): { success: Say; error: Say; info: Say } {
  const say = useContext(ToastContext);
  if (!say) throw new Error('useToast outside Toasts');
  return say;
}

export interface Fact {
  label: string;
  content: ReactNode;
  /** Takes the whole row. */
  wide?: boolean;
}

/** Labelled facts, two to a row (what Ant Design's Descriptions was here). */
export function Facts({ items, plain }: { items: (Fact | false | null | undefined)[]; plain?: boolean }) {
  const rows: Fact[][] = [];
  for (const item of items) {
    if (!item) continue;
    const last = rows.at(-1);
    if (!item.wide && last && last.length === 1 && !last[0]?.wide) last.push(item);
    else rows.push([item]);
  }
  return (
    <table className={plain ? 'desk-facts desk-facts-plain' : 'desk-facts'}>
      <tbody>
        {rows.map((row) => (
          <tr key={row[0]?.label}>
            {row.map((f, i) => (
              <Cells key={f.label} fact={f} span={row.length === 1 && i === 0 ? 3 : 1} />
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Cells({ fact, span }: { fact: Fact; span: number }) {
  return (
    <>
      <th scope="row">{fact.label}</th>
      <td colSpan={span}>{fact.content}</td>
    </>
  );
}
