import { ApiError, getJson, postJson } from '../api.js';
import { language, t } from '../i18n.js';
import { downloadFrom } from '../transcript.js';
import { $, clearError, element, showError } from '../ui.js';

// The library's transcript editor: a content user corrects segment text and times, splits and merges lines and
// renames the lecture. Each change is applied here at once and remembered as an edit; "save" sends the edits in order
// against the version they were made on, and the server's lecture (the next version) replaces the local copy.
// The player follows the line being edited: focusing a line moves it there, and the line being played is marked.

let lecture = null;
let working = null;
let edits = [];
let player = null;
let stopAt = null;

const round = (seconds) => Math.round(seconds * 100) / 100;

export function open(loaded, audio) {
  lecture = loaded;
  player = audio;
  reset();
  $('#transcript-editor').hidden = false;
  loadHistory();
}

export function close() {
  lecture = null;
  working = null;
  $('#transcript-editor').hidden = true;
}

function reset() {
  working = { title: lecture.title, segments: lecture.segments.map((s) => ({ ...s })) };
  edits = [];
  $('#edit-title').value = working.title;
  clearError($('#edit-error'));
  $('#edit-status').textContent = t('editor.version', { version: lecture.version ?? 1 });
  render();
}

function changed() {
  $('#edit-save').disabled = edits.length === 0;
  $('#edit-discard').disabled = edits.length === 0;
  if (edits.length > 0) $('#edit-status').textContent = t('editor.unsaved', { count: edits.length });
}

function render() {
  const list = $('#edit-segments');
  list.replaceChildren(...working.segments.map((segment, index) => line(segment, index)));
  changed();
}

function timeInput(cls, value, label) {
  return element('input', {
    className: cls,
    attrs: { type: 'number', step: '0.01', min: '0', value: String(round(value)), 'aria-label': label, inputmode: 'decimal' },
  });
}

function line(segment, index) {
  const number = index + 1;
  const start = timeInput('start', segment.start, t('editor.start', { line: number }));
  const end = timeInput('end', segment.end, t('editor.end', { line: number }));
  const text = element('textarea', { className: 'text', attrs: { rows: '2', 'aria-label': t('editor.text', { line: number }) } });
  text.value = segment.text;
  const play = element('button', { className: 'play', text: t('editor.play'), attrs: { type: 'button', 'aria-label': t('editor.playLine', { line: number }) } });
  const split = element('button', { className: 'split', text: t('editor.split'), attrs: { type: 'button', 'aria-label': t('editor.splitLine', { line: number }) } });
  const merge = element('button', { className: 'merge', text: t('editor.merge'), attrs: { type: 'button', 'aria-label': t('editor.mergeLine', { line: number }) } });
  merge.disabled = index === working.segments.length - 1;

  const follow = () => moveTo(working.segments[index].start);
  for (const field of [start, end, text]) field.addEventListener('focus', follow);
  text.addEventListener('change', () => {
    const value = text.value.trim();
    if (value.length === 0) {
      text.value = working.segments[index].text;
      showError($('#edit-error'), t('editor.emptyText'));
      return;
    }
    if (value === working.segments[index].text) return;
    working.segments[index].text = value;
    edits.push({ op: 'text', segment: index, text: value });
    changed();
  });
  const times = () => {
    const from = Number(start.value);
    const to = Number(end.value);
    if (!Number.isFinite(from) || !Number.isFinite(to) || from < 0 || to <= from) {
      start.value = String(round(working.segments[index].start));
      end.value = String(round(working.segments[index].end));
      showError($('#edit-error'), t('editor.badTimes'));
      return;
    }
    working.segments[index].start = from;
    working.segments[index].end = to;
    edits.push({ op: 'times', segment: index, start: from, end: to });
    changed();
    moveTo(from);
  };
  start.addEventListener('change', times);
  end.addEventListener('change', times);
  play.addEventListener('click', () => playLine(index));
  split.addEventListener('click', () => splitLine(index, text));
  merge.addEventListener('click', () => mergeLine(index));

  return element('li', { className: 'edit-line', attrs: { 'data-index': String(index) } }, [
    element('div', { className: 'times' }, [start, element('span', { className: 'muted', text: '–' }), end]),
    text,
    element('div', { className: 'line-tools' }, [play, split, merge]),
  ]);
}

// Splits where the caret is. The server shows where the cut falls (where the next word was said) and how merged
// texts join, by applying the pending edits without saving them: the page has no rules of its own for either.
async function splitLine(index, text) {
  const at = text.selectionStart ?? 0;
  const segment = working.segments[index];
  if (segment.text.slice(0, at).trim().length === 0 || segment.text.slice(at).trim().length === 0) {
    showError($('#edit-error'), t('editor.splitWhere'));
    text.focus();
    return;
  }
  if (await preview({ op: 'split', segment: index, at })) $(`#edit-segments li[data-index="${index + 1}"] textarea`)?.focus();
}

async function mergeLine(index) {
  if (await preview({ op: 'merge', segment: index })) $(`#edit-segments li[data-index="${index}"] textarea`)?.focus();
}

async function preview(edit) {
  clearError($('#edit-error'));
  const pending = [...edits, edit];
  try {
    const shown = await postJson(`/api/qa/lectures/${encodeURIComponent(lecture.id)}/edits?preview=true`, { baseVersion: lecture.version ?? 1, edits: pending });
    edits = pending;
    working = { title: working.title, segments: shown.segments.map((s) => ({ ...s })) };
    render();
    return true;
  } catch (failure) {
    const message = failure instanceof ApiError && failure.status === 409 ? t('editor.conflict') : failure instanceof ApiError ? String(failure) : t('error.network');
    showError($('#edit-error'), message);
    return false;
  }
}

function moveTo(seconds) {
  if (!player || player.hidden) return;
  const go = () => {
    player.currentTime = seconds;
  };
  if (player.readyState >= 1) go();
  else player.addEventListener('loadedmetadata', go, { once: true });
}

function playLine(index) {
  if (!player || player.hidden) {
    showError($('#edit-error'), t('editor.noRecording'));
    return;
  }
  const segment = working.segments[index];
  stopAt = segment.end;
  moveTo(segment.start);
  player.play().catch(() => {});
}

function followPlayback() {
  if (!working || !player) return;
  const now = player.currentTime;
  if (stopAt !== null && now >= stopAt) {
    stopAt = null;
    player.pause();
  }
  for (const item of $('#edit-segments').children) {
    const segment = working.segments[Number(item.dataset.index)];
    item.classList.toggle('playing', !!segment && now >= segment.start && now < segment.end);
  }
}

async function save() {
  const error = $('#edit-error');
  clearError(error);
  const title = $('#edit-title').value.trim();
  if (title && title !== working.title) {
    edits.push({ op: 'title', title });
    working.title = title;
  }
  if (edits.length === 0) return;
  const button = $('#edit-save');
  button.disabled = true;
  $('#edit-status').textContent = t('editor.saving');
  try {
    const saved = await postJson(`/api/qa/lectures/${encodeURIComponent(lecture.id)}/edits`, { baseVersion: lecture.version ?? 1, edits });
    lecture = saved;
    reset();
    $('#edit-status').textContent = t('editor.saved', { version: saved.version });
    document.dispatchEvent(new CustomEvent('lecturechange', { detail: saved }));
    loadHistory();
  } catch (failure) {
    changed();
    const message = failure instanceof ApiError && failure.status === 409 ? t('editor.conflict') : failure instanceof ApiError ? String(failure) : t('error.network');
    showError(error, message);
  }
}

async function loadHistory() {
  const list = $('#edit-versions');
  const current = lecture;
  try {
    const versions = await getJson(`/api/qa/lectures/${encodeURIComponent(current.id)}/versions`);
    if (lecture !== current) return;
    list.replaceChildren(...versions.slice().reverse().map((version) => element('li', {}, [
      element('span', { className: 'version', text: t('editor.versionLine', { version: version.version, actor: version.actor, at: when(version.at) }) }),
      element('ul', {}, version.changes.map((change) => element('li', { text: describe(change) }))),
    ])));
  } catch {
    list.replaceChildren(element('li', { className: 'muted', text: t('editor.noHistory') }));
  }
}

function when(value) {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? '—' : date.toLocaleString(language() === 'zh' ? 'zh-CN' : 'en', { dateStyle: 'medium', timeStyle: 'short' });
}

function describe(change) {
  const line = change.segment === null || change.segment === undefined ? '' : t('editor.lineNumber', { line: change.segment + 1 });
  const key = `editor.change.${change.op}`;
  return t(key, { line, before: change.before ?? '', after: change.after ?? '' });
}

async function downloadAs(format) {
  if (!lecture) return;
  const name = `${(lecture.title || 'lecture').replace(/[\\/:*?"<>|]/g, '_')}.${format}`;
  try {
    await downloadFrom(`/api/qa/lectures/${encodeURIComponent(lecture.id)}/subtitles?format=${format}`, name);
  } catch (failure) {
    showError($('#edit-error'), failure instanceof ApiError ? String(failure) : t('error.network'));
  }
}

export function init(section) {
  $('#edit-save', section).addEventListener('click', save);
  $('#edit-discard', section).addEventListener('click', () => lecture && reset());
  $('#edit-title', section).addEventListener('input', () => {
    $('#edit-save').disabled = false;
    $('#edit-discard').disabled = false;
  });
  $('#library-player', section).addEventListener('timeupdate', followPlayback);
  for (const button of section.querySelectorAll('[data-subtitles]')) {
    button.addEventListener('click', () => downloadAs(button.dataset.subtitles));
  }
  document.addEventListener('languagechange', () => {
    if (!working) return;
    render();
    loadHistory();
  });
}

