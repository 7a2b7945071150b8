// This deployment's settings and the traveller's language, read once from WeChat.
import { configFor, type MiniConfig } from '../config.js';
import { pickLang, type Lang } from './texts.js';

let cachedLang: Lang | undefined;

/** The settings of the environment this copy runs in (develop, trial or release); a cheap synchronous read. */
export function currentConfig(): MiniConfig {
  let env: string | undefined;
  try {
    env = wx.getAccountInfoSync().miniProgram.envVersion;
  } catch {
    env = undefined; // older base libraries and test doubles: fall back to release
  }
  return configFor(env);
}

/** The language of WeChat's interface: Chinese unless the traveller set another. */
export function currentLang(): Lang {
  if (!cachedLang) {
    let language: string | undefined;
    try {
      language = wx.getAppBaseInfo().language;
    } catch {
      language = undefined;
    }
    cachedLang = pickLang(language);
  }
  return cachedLang;
}
