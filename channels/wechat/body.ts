// The push body read as raw text with a size limit: the exact Encrypt bytes and an unrounded MsgId need it.
import type { Request, Response } from 'express';
import { AppError } from '../../src/errors.ts';

/** Pushes are a few hundred bytes; anything near this is not WeChat. */
export const PUSH_BODY_LIMIT = 64 * 1024;

/**
 * The request body as UTF-8 text, at most `limit` bytes (413 beyond, told by Content-Length or counted).
 * When a JSON parser already consumed the body (it should not: see index.ts), its result is turned back into text,
 * which loses the digits of big integers; `onParsedAlready` is told so.
 * @example const text = await readRawBody(req, res, PUSH_BODY_LIMIT);
 */
export async function readRawBody(req: Request, res: Response, limit: number, onParsedAlready?: () => void): Promise<string> {
  if (req.readableEnded || (req as { _body?: boolean })._body) {
    onParsedAlready?.();
    return typeof req.body === 'string' ? req.body : req.body === undefined ? '' : JSON.stringify(req.body);
  }
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding !== 'identity') throw new AppError('unsupported_media_type', 'Send the push uncompressed.');
  const tooLarge = () => {
    // The rest of an oversized body is not worth reading on this connection.
    res.setHeader('Connection', 'close');
    return new AppError('payload_too_large', `The body is larger than ${limit} bytes.`);
  };
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    throw tooLarge();
  }
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onAborted);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        done();
        req.resume();
        reject(tooLarge());
      } else chunks.push(chunk);
    };
    const onEnd = () => {
      done();
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const onError = (err: Error) => {
      done();
      reject(new AppError('invalid_request', `The body could not be read: ${err.message}`));
    };
    const onAborted = () => onError(new Error('the request was aborted'));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onAborted);
  });
}
