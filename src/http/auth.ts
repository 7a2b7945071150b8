// Bearer-token authentication: who is calling, as a typed principal on res.locals.
import type { Request, RequestHandler, Response } from 'express';
import { AppError } from '../errors.ts';
import { verifyToken, type Keys, type Principal, type StaffPrincipal, type TravellerPrincipal } from '../security/index.ts';
import type { Clock } from '../clock.ts';

/** The bearer token of a request, or undefined. */
export function bearer(req: Request): string | undefined {
  const h = req.headers.authorization;
  if (!h) return undefined;
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  return m?.[1];
}

/** Verifies the bearer token and keeps the principal on `res.locals.principal`. */
export function authenticate(keys: Keys, clock: Clock, accept: Array<Principal['kind']>): RequestHandler {
  return async (req, res, next) => {
    const token = bearer(req);
    const principal = token ? await verifyToken(keys, token, clock.now()) : null;
    if (!principal) return next(new AppError('unauthorized'));
    if (!accept.includes(principal.kind)) return next(new AppError('forbidden'));
    res.locals.principal = principal;
    next();
  };
}

/** Lets only these staff roles through (after {@link authenticate}). */
export function requireRole(...roles: StaffPrincipal['role'][]): RequestHandler {
  return (_req, res, next) => {
    const p = res.locals.principal as Principal | undefined;
    if (!p || p.kind !== 'staff') return next(new AppError('unauthorized'));
    if (!roles.includes(p.role)) return next(new AppError('forbidden'));
    next();
  };
}

/** The authenticated principal. */
export function principal(res: Response): Principal {
  const p = res.locals.principal as Principal | undefined;
  if (!p) throw new AppError('unauthorized');
  return p;
}

/** The authenticated member of staff. */
export function staff(res: Response): StaffPrincipal {
  const p = principal(res);
  if (p.kind !== 'staff') throw new AppError('forbidden');
  return p;
}

/** The authenticated traveller. */
export function traveller(res: Response): TravellerPrincipal {
  const p = principal(res);
  if (p.kind !== 'traveller') throw new AppError('forbidden');
  return p;
}
