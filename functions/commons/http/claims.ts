import { STAFF_ROLES, STAFF_UNITS, type Staff, type StaffRole, type StaffUnit } from '../../../domain/access';
import type { CourtDirectory } from '../../../domain/courts';
import { Refusal } from '../../../domain/errors';

/**
 * Who a token says its bearer is: the one place claims are read.
 *
 * Two shapes arrive. API Gateway's JWT authorizer hands the Lambda every claim as a string, an
 * array as one bracketed, space-separated string (`"cognito:groups": "[role:agent court:赣]"`);
 * a token the function verifies itself (public routes, the local issuer) keeps its JSON types.
 *
 * Role, court and unit come from claims the bearer cannot set: an OIDC issuer's `role`, `court`
 * and `unit` claims, or Cognito groups named `role:<role>`, `court:<code>` and `unit:supervision`
 * (the court's supervision office, which alone handles complaints there; group membership is an
 * administrator's act; Cognito's mutable custom attributes would let a user promote themself,
 * so they are not read).
 */
export function staffFromClaims(claims: Record<string, unknown>, courts: CourtDirectory): Staff {
  const groups = claimList(claims['cognito:groups']);
  const fromGroup = (prefix: string) => {
    const found = groups.filter((g) => g.startsWith(prefix)).map((g) => g.slice(prefix.length));
    // Two roles or two courts is an administrator's mistake: refuse rather than pick one.
    return found.length === 1 ? found[0] : found.length > 1 ? '' : undefined;
  };
  const role = claimString(claims.role) ?? fromGroup('role:') ?? '';
  const court = claimString(claims.court) ?? fromGroup('court:') ?? '';
  const sub = claimString(claims.sub) ?? '';
  // A unit the rules do not know gives nothing: it is ignored, never an error that locks someone out.
  const unitClaim = claimString(claims.unit) ?? fromGroup('unit:');
  const unit = (STAFF_UNITS as readonly string[]).includes(unitClaim ?? '')
    ? (unitClaim as StaffUnit)
    : undefined;
  if (!sub || !(STAFF_ROLES as readonly string[]).includes(role) || !courts.find(court)) {
    throw new Refusal('forbidden', 'forbidden', 'the token does not name a staff role and a known court');
  }
  return { sub, role: role as StaffRole, court, ...(unit ? { unit } : {}) };
}

function claimString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** An array claim as either shape: a JSON array, or API Gateway's `"[a b c]"`. */
export function claimList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  if (typeof value !== 'string' || value === '') return [];
  const inner = value.startsWith('[') && value.endsWith(']') ? value.slice(1, -1) : value;
  return inner.split(/\s+/).filter(Boolean);
}

/**
 * Claims as API Gateway's HTTP API JWT authorizer passes them to a Lambda: strings, arrays as
 * `"[a b]"`, objects as JSON. The local stack uses it so that tests meet what Lambda meets.
 */
export function asAuthorizerClaims(claims: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(claims)) {
    if (typeof v === 'string') out[k] = v;
    else if (Array.isArray(v)) out[k] = `[${v.map(String).join(' ')}]`;
    else if (v !== null && typeof v === 'object') out[k] = JSON.stringify(v);
    else out[k] = String(v);
  }
  return out;
}
