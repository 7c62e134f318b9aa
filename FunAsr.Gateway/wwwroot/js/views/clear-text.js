import { ApiError, getJson } from '../api.js';
import { seek } from '../media.js';
import { session } from '../session.js';
import { clock } from '../transcript.js';
import { t } from '../i18n.js';
import { $, clearError, element, showError } from '../ui.js';

// The clear text a redacted lecture keeps, for admins only. It is fetched only when asked for, because every view is
// written to the compliance audit trail, and it is dropped again when another lecture opens.
let lecture = null;
let player = null;

function reset() {
  $('#clear-segments').replaceChildren();
  $('#clear-segments').hidden = true;
  $('#clear-recorded').textContent = '';
  $('#clear-show').hidden = false;
  clearError($('#clear-error'));
}

async function show() {
  const opened = lecture;
  const button = $('#clear-show');
  button.disabled = true;
  clearError($('#clear-error'));
  try {
    const view = await getJson(`/api/qa/lectures/${encodeURIComponent(opened.id)}/clear`);
    if (lecture !== opened) return;
    $('#clear-segments').replaceChildren(...view.segments.map((segment) => {
      const go = element('button', { className: 'link', text: clock(segment.start), attrs: { type: 'button' } });
      go.addEventListener('click', () => seek(player, Number(segment.start ?? 0)));
      return element('li', {}, [go, ' ', element('span', { text: segment.text })]);
    }));
    $('#clear-segments').hidden = false;
    $('#clear-recorded').textContent = t('clear.recorded');
    button.hidden = true;
  } catch (failure) {
    if (lecture === opened) showError($('#clear-error'), failure instanceof ApiError ? String(failure) : t('error.network'));
  } finally {
    button.disabled = false;
  }
}

export function init() {
  $('#clear-show').addEventListener('click', show);
}

export function open(full, audio) {
  lecture = full;
  player = audio;
  reset();
  $('#lecture-clear').hidden = !(full.clearTextKept && session.allows('admin'));
}

export function close() {
  lecture = null;
  reset();
  $('#lecture-clear').hidden = true;
}
