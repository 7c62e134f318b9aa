import { apply, language, setLanguage, t } from './i18n.js';
import { ApiError, getJson, postJson, request, whenUnauthorized } from './api.js';
import { session } from './session.js';
import { $, clearError, element, showError } from './ui.js';
import { views } from './views/registry.js';

const nav = $('.views-nav');
const signin = $('#signin');
const signOut = $('#sign-out');
const who = $('#who');
const langToggle = $('#lang-toggle');
let config = { demoMode: false, sso: null };
const started = new Set();

function renderLanguageToggle() {
  langToggle.textContent = t('lang.switch');
  langToggle.lang = language() === 'zh' ? 'en' : 'zh-CN';
  langToggle.setAttribute('aria-label', t('lang.switchLabel'));
}

// Only the views the signed-in role may use are offered; elements marked data-role are shown the same way.
function allowedViews() {
  return views.filter((view) => session.allows(view.role));
}

function buildNav() {
  const list = $('#nav-list');
  list.replaceChildren();
  for (const view of allowedViews()) {
    const link = element('a', { attrs: { href: `#/${view.id}`, 'data-i18n': view.label, id: `nav-${view.id}` } });
    list.append(element('li', {}, [link]));
  }
  apply(nav);
  for (const marked of document.querySelectorAll('[data-role]')) marked.hidden = !session.allows(marked.dataset.role);
}

function currentViewId() {
  const allowed = allowedViews();
  const id = location.hash.replace(/^#\/?/, '');
  return allowed.some((view) => view.id === id) ? id : allowed[0]?.id;
}

function route() {
  if (!session.current()) return;
  const id = currentViewId();
  for (const view of views) {
    const section = $(`#view-${view.id}`);
    const active = view.id === id;
    section.hidden = !active;
    const link = $(`#nav-${view.id}`);
    if (link && active) link.setAttribute('aria-current', 'page');
    else link?.removeAttribute('aria-current');
    if (active) {
      if (!started.has(view.id)) {
        started.add(view.id);
        view.module.init?.(section);
      }
      view.module.show?.(section);
    }
  }
}

function renderWho() {
  const info = session.current();
  who.textContent = info ? t('auth.who', { name: info.displayName ?? info.name, role: t(`role.${info.role}`) }) : '';
  who.hidden = !info;
}

function showApp(info) {
  session.set(info);
  signin.hidden = true;
  nav.hidden = false;
  signOut.hidden = false;
  buildNav();
  renderWho();
  route();
}

function showSignin(message) {
  session.clear();
  for (const view of views) $(`#view-${view.id}`).hidden = true;
  nav.hidden = true;
  signOut.hidden = true;
  renderWho();
  signin.hidden = false;
  $('#demo-button').hidden = !config.demoMode;
  const sso = $('#sso-button');
  sso.hidden = !config.sso;
  if (config.sso) {
    sso.textContent = t('auth.sso', { name: config.sso.displayName });
    sso.href = `${config.sso.url}?returnUrl=${encodeURIComponent(`/${location.hash}`)}`;
  }
  const error = $('#signin-error');
  if (message) showError(error, message);
  else clearError(error);
  $('#user-name').focus();
}

// The identity provider sends people back with ?signin=… when single sign-on did not work.
function takeSignOnOutcome() {
  const params = new URLSearchParams(location.search);
  const outcome = params.get('signin');
  if (!outcome) return null;
  history.replaceState(null, '', `${location.pathname}${location.hash}`);
  return t(`auth.outcome.${outcome}`);
}

async function signInWith(path, body, failureKey) {
  const error = $('#signin-error');
  try {
    const info = await postJson(path, body, { signingIn: true });
    showApp(info);
    return true;
  } catch (failure) {
    if (!(failure instanceof ApiError)) showError(error, t('error.network'));
    else if (failure.status === 401) showError(error, t(failureKey));
    else showError(error, String(failure));
    return false;
  }
}

async function start() {
  apply(document);
  renderLanguageToggle();
  try {
    config = await (await fetch('/ui/config')).json();
  } catch {
    config = { demoMode: false, sso: null };
  }

  whenUnauthorized(() => showSignin(t('auth.expired')));

  $('#signin-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const userName = $('#user-name').value.trim();
    const password = $('#password').value;
    if (!userName || !password) {
      showError($('#signin-error'), t('auth.credentialsMissing'));
      return;
    }
    if (await signInWith('/api/account/login', { userName, password }, 'auth.wrongPassword')) $('#password').value = '';
  });
  $('#key-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const key = $('#api-key').value.trim();
    if (!key) {
      showError($('#signin-error'), t('auth.keyMissing'));
      return;
    }
    if (await signInWith('/api/account/login/key', { key }, 'auth.wrongKey')) $('#api-key').value = '';
  });
  $('#demo-button').addEventListener('click', async () => {
    session.chooseDemo();
    try {
      showApp(await getJson('/api/account/me'));
    } catch (failure) {
      showSignin(String(failure));
    }
  });
  signOut.addEventListener('click', async () => {
    try {
      await request('/api/account/logout', { method: 'POST', signingIn: true });
    } finally {
      showSignin();
    }
  });
  langToggle.addEventListener('click', () => {
    setLanguage(language() === 'zh' ? 'en' : 'zh');
    renderLanguageToggle();
    renderWho();
  });
  window.addEventListener('hashchange', route);

  const outcome = takeSignOnOutcome();
  try {
    const response = await fetch('/api/account/me', { credentials: 'same-origin' });
    const info = response.ok ? await response.json() : null;
    // Demo mode answers everyone; the page still waits until the person chose it.
    if (info && (!info.demo || session.demoChosen())) {
      showApp(info);
      return;
    }
  } catch {
    // Offline: the sign-in screen says so when they try.
  }
  showSignin(outcome);
}

start();
