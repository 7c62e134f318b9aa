// Who is signed in, as /api/account/me said. The session itself is an HTTP-only cookie the page cannot read;
// nothing secret is kept here. Only the choice of demo mode is remembered for this tab.
const demoStorage = 'funasr.demo';
const ranks = { employee: 1, content: 2, admin: 3 };

let current = null;

export const session = {
  current: () => current,
  set(info) {
    current = info;
  },
  clear() {
    current = null;
    sessionStorage.removeItem(demoStorage);
  },
  demoChosen: () => sessionStorage.getItem(demoStorage) === '1',
  chooseDemo() {
    sessionStorage.setItem(demoStorage, '1');
  },
  // True when the signed-in role is at least `role` (admin ⊃ content ⊃ employee).
  allows(role) {
    return (ranks[current?.role] ?? 0) >= (ranks[role] ?? 99);
  },
};
