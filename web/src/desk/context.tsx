import { createContext, useContext } from 'react';
import type { Api, Schemas } from '../api/client';
import type { PagesConfig } from '../shared/config';
import type { Person } from './session';

export type Court = Schemas['Courts']['items'][number];

/** The court directory, with the subtree rule the API applies (a court includes every court below it). */
export class Courts {
  readonly byCode: Map<string, Court>;
  constructor(readonly all: Court[]) {
    this.byCode = new Map(all.map((c) => [c.code, c]));
  }
  name(code: string | null | undefined): string {
    return code ? (this.byCode.get(code)?.shortName ?? code) : '—';
  }
  isWithin(code: string, ancestor: string): boolean {
    for (let c: string | null | undefined = code; c; c = this.byCode.get(c)?.parentCode)
      if (c === ancestor) return true;
    return false;
  }
  children(code: string): Court[] {
    return this.all.filter((c) => c.parentCode === code);
  }
  superiorOf(code: string): string {
    return this.byCode.get(code)?.parentCode ?? code;
  }
}

export interface Desk {
  api: Api;
  config: PagesConfig;
  courts: Courts;
  person: Person;
  signOut(): void;
}

export const DeskContext = createContext<Desk | null>(null);

export function useDesk(): Desk {
  const desk = useContext(DeskContext);
  if (!desk) throw new Error('useDesk outside the desk');
  return desk;
}
