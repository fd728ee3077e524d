import { parseCaseNumber } from './case-number';
import type { CourtDirectory } from './courts';

/**
 * The court a request counts for in the figures: the court its case number names, else the
 * court the citizen chose, else the province (the high court), like routing before the firewall.
 */
export function requestCourt(
  courts: CourtDirectory,
  request: { caseNumber: string | null; courtCode: string | null },
): string {
  const fromCase = request.caseNumber ? parseCaseNumber(request.caseNumber)?.courtCode : undefined;
  if (fromCase && courts.find(fromCase)) return fromCase;
  if (request.courtCode && courts.find(request.courtCode)) return request.courtCode;
  return courts.highCourt.code;
}

/** A service window's code: the court's code and the window's number, `赣1126-W01`. */
export function windowCourt(courts: CourtDirectory, windowCode: string): string | null {
  const match = /^(.+)-W(\d{1,3})$/.exec(windowCode);
  return match?.[1] && courts.find(match[1]) ? match[1] : null;
}
