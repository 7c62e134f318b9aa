import { t } from '../i18n.js';
import { ApiError, getJson, postJson, request } from '../api.js';
import { $, clearError, element, showError } from '../ui.js';

// Admins: mint and revoke API keys, manage people and their roles, read the audit trail.
const roles = ['employee', 'content', 'admin'];
let people = [];

function errorText(failure) {
  return failure instanceof ApiError ? String(failure) : t('error.network');
}

function date(value) {
  return value ? new Date(value).toLocaleString() : '—';
}

function roleSelect(id, value, label) {
  const select = element('select', { attrs: { id, 'aria-label': label } },
    roles.map((role) => element('option', { text: t(`role.${role}`), attrs: { value: role } })));
  select.value = value;
  return select;
}

async function loadPeople() {
  const error = $('#admin-people-error');
  try {
    people = await getJson('/api/admin/users');
    clearError(error);
  } catch (failure) {
    showError(error, errorText(failure));
    return;
  }
  const rows = people.map((person) => {
    const select = roleSelect(`role-${person.id}`, person.role, t('admin.roleOf', { name: person.userName }));
    select.addEventListener('change', () => update(person, { role: select.value }, select, person.role));
    const disabled = element('input', { attrs: { type: 'checkbox', id: `disabled-${person.id}`, 'aria-label': t('admin.disabledOf', { name: person.userName }) } });
    disabled.checked = person.disabled;
    disabled.addEventListener('change', () => update(person, { disabled: disabled.checked }, disabled, person.disabled));
    return element('tr', {}, [
      element('td', { text: person.userName }),
      element('td', { text: person.displayName ?? '' }),
      element('td', {}, [select]),
      element('td', { text: person.department ?? '' }),
      element('td', { text: person.singleSignOn ? t('admin.sso') : t('admin.local') }),
      element('td', {}, [disabled]),
    ]);
  });
  $('#admin-people-rows').replaceChildren(...rows);
  const owner = $('#key-owner');
  owner.replaceChildren(element('option', { text: t('admin.keyForService'), attrs: { value: '' } }),
    ...people.filter((p) => !p.disabled).map((p) => element('option', { text: p.userName, attrs: { value: p.id } })));
}

async function update(person, change, control, previous) {
  const error = $('#admin-people-error');
  try {
    await request(`/api/admin/users/${encodeURIComponent(person.id)}`, { method: 'PATCH', json: change });
    clearError(error);
    await loadPeople();
  } catch (failure) {
    if (control.type === 'checkbox') control.checked = previous;
    else control.value = previous;
    showError(error, errorText(failure));
  }
}

async function loadKeys() {
  const error = $('#admin-keys-error');
  let keys;
  try {
    keys = await getJson('/api/admin/keys');
    clearError(error);
  } catch (failure) {
    showError(error, errorText(failure));
    return;
  }
  const rows = keys.map((key) => {
    const revoke = element('button', { text: t('admin.revoke'), attrs: { type: 'button', 'aria-label': t('admin.revokeNamed', { name: key.name }) } });
    revoke.disabled = key.status !== 'active';
    revoke.addEventListener('click', async () => {
      try {
        await request(`/api/admin/keys/${encodeURIComponent(key.id)}`, { method: 'DELETE' });
        await loadKeys();
        await loadAudit();
      } catch (failure) {
        showError(error, errorText(failure));
      }
    });
    return element('tr', {}, [
      element('td', {}, [element('code', { text: key.id })]),
      element('td', { text: key.name }),
      element('td', { text: t(`role.${key.role}`) }),
      element('td', { text: key.accountName ?? key.serviceName ?? '' }),
      element('td', { text: date(key.expiresAt) }),
      element('td', { text: t(`admin.status.${key.status}`) }),
      element('td', {}, [revoke]),
    ]);
  });
  $('#admin-key-rows').replaceChildren(...rows);
}

async function loadAudit() {
  const error = $('#admin-audit-error');
  try {
    const page = await getJson('/api/admin/audit?limit=50');
    clearError(error);
    $('#admin-audit-rows').replaceChildren(...page.events.map((event) => element('tr', {}, [
      element('td', { text: date(event.at) }),
      element('td', { text: t(`audit.${event.kind}`) }),
      element('td', { text: event.actorName ?? '' }),
      element('td', { text: event.subject ?? '' }),
      element('td', { text: event.clientAddress ?? '' }),
      element('td', { text: event.detail ?? '' }),
    ])));
  } catch (failure) {
    showError(error, errorText(failure));
  }
}

async function mint(event) {
  event.preventDefault();
  const error = $('#admin-keys-error');
  const owner = $('#key-owner').value;
  const body = {
    name: $('#key-name').value.trim(),
    role: $('#key-role').value,
    expiresInDays: Number.parseInt($('#key-days').value, 10),
    ...(owner ? { accountId: owner } : { serviceName: $('#key-name').value.trim() }),
  };
  try {
    const minted = await postJson('/api/admin/keys', body);
    clearError(error);
    $('#minted-key-value').textContent = minted.key;
    $('#minted-key').hidden = false;
    $('#minted-key-value').focus();
    $('#key-form-admin').reset();
    await loadKeys();
    await loadAudit();
  } catch (failure) {
    showError(error, errorText(failure));
  }
}

async function createPerson(event) {
  event.preventDefault();
  const error = $('#admin-people-error');
  try {
    await postJson('/api/admin/users', {
      userName: $('#new-user-name').value.trim(),
      password: $('#new-user-password').value,
      role: $('#new-user-role').value,
      department: $('#new-user-department').value.trim() || null,
    });
    clearError(error);
    $('#new-person-form').reset();
    await loadPeople();
  } catch (failure) {
    showError(error, errorText(failure));
  }
}

export default {
  init() {
    $('#key-form-admin').addEventListener('submit', mint);
    $('#new-person-form').addEventListener('submit', createPerson);
    $('#admin-audit-refresh').addEventListener('click', loadAudit);
  },
  async show() {
    $('#minted-key').hidden = true;
    await Promise.all([loadPeople(), loadKeys(), loadAudit()]);
  },
};
