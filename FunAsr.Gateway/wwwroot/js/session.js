// The API key lives in sessionStorage: it survives a reload of this tab and is gone when the tab closes.
const keyStorage = 'funasr.apiKey';
const demoStorage = 'funasr.demo';

export const session = {
  key: () => sessionStorage.getItem(keyStorage),
  demo: () => sessionStorage.getItem(demoStorage) === '1',
  signIn(key) {
    sessionStorage.setItem(keyStorage, key);
    sessionStorage.removeItem(demoStorage);
  },
  useDemo() {
    sessionStorage.removeItem(keyStorage);
    sessionStorage.setItem(demoStorage, '1');
  },
  signOut() {
    sessionStorage.removeItem(keyStorage);
    sessionStorage.removeItem(demoStorage);
  },
};
