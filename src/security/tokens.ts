// Signed bearer tokens (JWT, HS256) for staff (operators, agents, admins) and travellers.
import { SignJWT, jwtVerify } from 'jose';
import type { Keys } from './keys.ts';

/** A signed-in member of staff. `tenantId` is null for platform admins (and platform agents). */
export interface StaffPrincipal {
  kind: 'staff';
  userId: string;
  role: 'admin' | 'operator' | 'agent';
  tenantId: string | null;
}

/** A traveller on one channel, in one conversation. */
export interface TravellerPrincipal {
  kind: 'traveller';
  travellerId: string;
  channel: string;
  conversationId: string;
  tenantId: string | null;
}

export type Principal = StaffPrincipal | TravellerPrincipal;

const ISSUER = 'tourdesk';
const STAFF_TTL = '12h';
const TRAVELLER_TTL = '30d';

/** Issues a token for `principal`. */
export async function issueToken(keys: Keys, principal: Principal, now: Date = new Date()): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  const jwt =
    principal.kind === 'staff'
      ? new SignJWT({ k: 's', role: principal.role, tid: principal.tenantId }).setSubject(principal.userId).setExpirationTime(iat + ttlSeconds(STAFF_TTL))
      : new SignJWT({ k: 't', ch: principal.channel, cid: principal.conversationId, tid: principal.tenantId })
          .setSubject(principal.travellerId)
          .setExpirationTime(iat + ttlSeconds(TRAVELLER_TTL));
  return jwt.setProtectedHeader({ alg: 'HS256' }).setIssuer(ISSUER).setIssuedAt(iat).sign(keys.signing);
}

/** The principal of a valid token, or null for a missing, forged or expired one. */
export async function verifyToken(keys: Keys, token: string, now: Date = new Date()): Promise<Principal | null> {
  try {
    const { payload: p } = await jwtVerify(token, keys.signing, {
      issuer: ISSUER,
      algorithms: ['HS256'],
      currentDate: now,
    });
    if (typeof p.sub !== 'string') return null;
    const tenantId = typeof p.tid === 'string' ? p.tid : null;
    if (p.k === 's' && (p.role === 'admin' || p.role === 'operator' || p.role === 'agent')) {
      return { kind: 'staff', userId: p.sub, role: p.role, tenantId };
    }
    if (p.k === 't' && typeof p.ch === 'string' && typeof p.cid === 'string') {
      return { kind: 'traveller', travellerId: p.sub, channel: p.ch, conversationId: p.cid, tenantId };
    }
    return null;
  } catch {
    return null;
  }
}

function ttlSeconds(ttl: string): number {
  const n = Number(ttl.slice(0, -1));
  return ttl.endsWith('h') ? n * 3600 : n * 86400;
}
