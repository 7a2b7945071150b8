// The mini-program's entry: it signs the traveller in early so the chat's first message does not wait for login.
import { signIn } from './utils/api.js';

/** What every page may read through `getApp()`. */
export interface TourDeskApp {
  globalData: Record<string, never>;
}

App<TourDeskApp>({
  globalData: {},
  onLaunch() {
    void signIn();
  },
});
