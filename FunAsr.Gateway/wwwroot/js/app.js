import { apply, language, setLanguage, t } from './i18n.js';
import { ApiError, request, whenUnauthorized } from './api.js';
import { session } from './session.js';
import { $, clearError, element, showError } from './ui.js';
import { views } from './views/registry.js';

const nav = $('.views-nav');
const signin = $('#signin');
const signOut = $('#sign-out');
const langToggle = $('#lang-toggle');
let demoAvailable = false;
const started = new Set();

function renderLanguageToggle() {
  langToggle.textContent = t('lang.switch');
  langToggle.lang = language() === 'zh' ? 'en' : 'zh-CN';
  langToggle.setAttribute('aria-label', t('lang.switchLabel'));
}

function buildNav() {
  const list = $('#nav-list');
  for (const view of views) {
    const link = element('a', { attrs: { href: `#/${view.id}`, 'data-i18n': view.label, id: `nav-${view.id}` } });
    list.append(element('li', {}, [link]));
  }
}

function currentViewId() {
  const id = location.hash.replace(/^#\/?/, '');
  return views.some((view) => view.id === id) ? id : views[0].id;
}

function route() {
  if (!signedIn()) return;
  const id = currentViewId();
  for (const view of views) {
    const section = $(`#view-${view.id}`);
    const active = view.id === id;
    section.hidden = !active;
    const link = $(`#nav-${view.id}`);
    if (active) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
    if (active) {
      if (!started.has(view.id)) {
        started.add(view.id);
        view.module.init?.(section);
      }
      view.module.show?.(section);
    }
  }
}

function signedIn() {
  return !!session.key() || (session.demo() && demoAvailable);
}

function showApp() {
  signin.hidden = true;
  nav.hidden = false;
  signOut.hidden = false;
  route();
}

function showSignin(message) {
  for (const view of views) $(`#view-${view.id}`).hidden = true;
  nav.hidden = true;
  signOut.hidden = true;
  signin.hidden = false;
  $('#demo-button').hidden = !demoAvailable;
  const error = $('#signin-error');
  if (message) showError(error, message);
  else clearError(error);
  $('#api-key').focus();
}

async function checkKey(key) {
  await request('/api/gateway/session', { key });
}

async function start() {
  apply(document);
  renderLanguageToggle();
  buildNav();
  apply(nav);
  try {
    const config = await (await fetch('/ui/config')).json();
    demoAvailable = config.demoMode === true;
  } catch {
    demoAvailable = false;
  }

  whenUnauthorized(() => {
    session.signOut();
    showSignin(t('auth.expired'));
  });

  $('#signin-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const key = $('#api-key').value.trim();
    const error = $('#signin-error');
    if (!key) {
      showError(error, t('auth.keyMissing'));
      return;
    }
    try {
      await checkKey(key);
      session.signIn(key);
      $('#api-key').value = '';
      showApp();
    } catch (failure) {
      showError(error, failure instanceof ApiError ? String(failure) : t('error.network'));
    }
  });
  $('#demo-button').addEventListener('click', () => {
    session.useDemo();
    showApp();
  });
  signOut.addEventListener('click', () => {
    session.signOut();
    showSignin();
  });
  langToggle.addEventListener('click', () => {
    setLanguage(language() === 'zh' ? 'en' : 'zh');
    renderLanguageToggle();
  });
  window.addEventListener('hashchange', route);

  if (session.key()) {
    try {
      await checkKey(session.key());
      showApp();
      return;
    } catch (failure) {
      session.signOut();
      showSignin(failure instanceof ApiError && failure.status === 401 ? t('auth.expired') : String(failure));
      return;
    }
  }
  if (signedIn()) showApp();
  else showSignin();
}

start();
