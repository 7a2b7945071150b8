// Who is chatting: a web traveller's token (from POST /v1/web/sessions) checked for HTTP calls and socket upgrades.
import type { RequestHandler, Response } from 'express';
import { AppError } from '../../src/errors.ts';
import { bearer } from '../../src/http/auth.ts';
import { verifyToken, type TravellerPrincipal } from '../../src/security/index.ts';
import type { Services } from '../../src/services.ts';

/** Why a token was not accepted: none or a bad one (401), or a valid token of another channel (403). */
export type TokenRefusal = 'unauthorized' | 'forbidden';

/**
 * The web traveller a token stands for, or why not.
 * @example const who = await webTraveller(services, url.searchParams.get('token')); if ('refused' in who) refuse(who.refused);
 */
export async function webTraveller(s: Services, token: string | null | undefined): Promise<TravellerPrincipal | { refused: TokenRefusal }> {
  const principal = token ? await verifyToken(s.keys, token, s.clock.now()) : null;
  if (!principal) return { refused: 'unauthorized' };
  if (principal.kind !== 'traveller' || principal.channel !== 'web') return { refused: 'forbidden' };
  return principal;
}

/** Express middleware: `Authorization: Bearer <web traveller token>`, kept for {@link webPrincipal}. */
export function requireWebTraveller(s: Services): RequestHandler {
  return async (req, res, next) => {
    const who = await webTraveller(s, bearer(req));
    if ('refused' in who) return next(new AppError(who.refused));
    res.locals.webTraveller = who;
    next();
  };
}

/** The traveller {@link requireWebTraveller} let through. */
export function webPrincipal(res: Response): TravellerPrincipal {
  const p = res.locals.webTraveller as TravellerPrincipal | undefined;
  if (!p) throw new AppError('unauthorized');
  return p;
}
