// One `wx.request` as a promise of status and body; a request that got no answer rejects.
import { currentConfig } from './env.js';

/** An HTTP method the API uses. */
export type Method = 'GET' | 'POST';

/** What came back: any HTTP status counts (wx calls `success` for a 500 too). */
export interface HttpAnswer {
  status: number;
  body: unknown;
}

/** Sends one JSON request to the TourDesk server; rejects with WeChat's `errMsg` when there was no answer. */
export function httpRequest(method: Method, path: string, data: object | undefined, header: Record<string, string>): Promise<HttpAnswer> {
  const config = currentConfig();
  return new Promise((resolve, reject) => {
    const option: WechatMiniprogram.RequestOption = {
      url: `${config.apiBase}${path}`,
      method,
      header: { 'content-type': 'application/json', ...header },
      timeout: config.requestTimeoutMs,
      dataType: 'json',
      success: (res) => resolve({ status: res.statusCode, body: res.data }),
      fail: (err) => reject(new Error(err.errMsg)),
    };
    if (data !== undefined) option.data = data as WechatMiniprogram.IAnyObject;
    wx.request(option);
  });
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
