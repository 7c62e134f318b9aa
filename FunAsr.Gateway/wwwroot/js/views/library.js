import { ApiError, getJson, postJson } from '../api.js';
import { has, language, t } from '../i18n.js';
import { recordingUrl, seek } from '../media.js';
import { clock, download } from '../transcript.js';
import { $, clearError, element, showError } from '../ui.js';
import { initNotes, renderNotes as renderLectureNotes } from './notes.js';
import * as clearText from './clear-text.js';
import * as editor from './transcript-editor.js';

let lectures = [];
let openLecture = null;
let notes = null;
let alerts = [];

function dateText(value) {
  const date = value ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) return '—';
  return date.toLocaleDateString(language() === 'zh' ? 'zh-CN' : 'en', { year: 'numeric', month: 'short', day: 'numeric' });
}

const refreshSeconds = 5;
let refreshTimer = null;

async function load() {
  const error = $('#library-error');
  clearError(error);
  try {
    lectures = await getJson('/api/qa/lectures');
    renderList();
  } catch (failure) {
    showError(error, failure instanceof ApiError ? String(failure) : t('error.network'));
  }
}

function renderList() {
  $('#lecture-table').hidden = lectures.length === 0;
  $('#library-empty').hidden = lectures.length > 0;
  $('#lecture-rows').replaceChildren(...lectures.map((lecture) => {
    const open = element('button', { className: 'link', text: lecture.title || lecture.id, attrs: { type: 'button' } });
    open.addEventListener('click', () => openDetail(lecture));
    const alerts = lecture.alertCount > 0
      ? element('span', { className: 'alert-badge', text: t('library.alertCount', { count: lecture.alertCount }) })
      : element('span', { className: 'muted', text: t('library.noAlerts') });
    return element('tr', { attrs: { 'data-lecture': lecture.id } }, [
      element('th', { attrs: { scope: 'row' } }, [open]),
      element('td', { text: lecture.language ?? '—' }),
      element('td', { text: lecture.duration ? clock(lecture.duration) : '—' }),
      element('td', { text: dateText(lecture.createdAt) }),
      element('td', {}, [alerts]),
    ]);
  }));
}

async function openDetail(lecture) {
  openLecture = lecture;
  notes = null;
  const detail = $('#lecture-detail');
  detail.hidden = false;
  $('#lecture-title').textContent = lecture.title || lecture.id;
  alerts = [];
  renderAlerts();
  if (lecture.alertCount > 0) loadAlerts(lecture);
  $('#notes').hidden = true;
  $('#export-markdown').disabled = true;
  $('#export-chapters').disabled = true;
  clearError($('#notes-error'));
  $('#notes-status').textContent = t('library.preparing');
  detail.scrollIntoView({ block: 'start' });
  $('#lecture-title').focus();
  loadRecording(lecture);
  loadTranscript(lecture);
  try {
    notes = await postJson(`/api/qa/lectures/${encodeURIComponent(lecture.id)}/notes`, {});
    if (openLecture !== lecture) return;
    renderNotes();
    $('#export-markdown').disabled = !notes.markdown;
  } catch (failure) {
    showError($('#notes-error'), failure instanceof ApiError ? String(failure) : t('error.network'));
  } finally {
    $('#notes-status').textContent = '';
  }
}

// The full lecture (its segments) for the editor; the list only carries summaries.
async function loadTranscript(summary) {
  editor.close();
  clearText.close();
  try {
    const lecture = await getJson(`/api/qa/lectures/${encodeURIComponent(summary.id)}`);
    if (openLecture !== summary) return;
    editor.open(lecture, $('#library-player'));
    clearText.open(lecture, $('#library-player'));
  } catch (failure) {
    if (openLecture === summary) showError($('#library-error'), failure instanceof ApiError ? String(failure) : t('error.network'));
  }
}

async function loadAlerts(lecture) {
  try {
    const found = await getJson(`/api/qa/alerts?lectureId=${encodeURIComponent(lecture.id)}`);
    if (openLecture !== lecture) return;
    alerts = Array.isArray(found) ? found : [];
    renderAlerts();
  } catch {
    // The count from the list still flags the lecture; the details are a convenience.
  }
}

// Alerts carry only the masked excerpt, never the sensitive value itself.
function renderAlerts() {
  const box = $('#lecture-alerts');
  const count = Math.max(openLecture?.alertCount ?? 0, alerts.length);
  box.hidden = count === 0;
  $('#lecture-alerts-text').textContent = t('library.alertsBanner', { count });
  $('#lecture-alert-list').replaceChildren(...alerts.map((alert) => {
    const kind = has(`alert.${alert.kind}`) ? t(`alert.${alert.kind}`) : alert.kind;
    const go = element('button', { className: 'link', text: clock(alert.start), attrs: { type: 'button' } });
    go.addEventListener('click', () => seek($('#library-player'), Number(alert.start ?? 0)));
    return element('li', {}, [go, ` ${kind}: `, element('span', { text: alert.excerpt ?? '' })]);
  }));
}

async function loadRecording(lecture) {
  const player = $('#library-player');
  player.hidden = true;
  // The previous lecture's recording goes at once: a chapter or citation chosen before the new one has loaded then waits
  // for it (seek waits for metadata) instead of moving the old recording, which the new source would reset to 0.
  player.removeAttribute('src');
  player.load();
  try {
    player.src = await recordingUrl(lecture.id);
    player.hidden = false;
  } catch {
    // Recordings are kept for a limited time; the notes stand on their own.
  }
}

function renderNotes() {
  if (notes) renderLectureNotes(notes, { player: $('#library-player'), lectureId: openLecture?.id, title: openLecture?.title });
}

export default {
  init(section) {
    initNotes();
    editor.init(section);
    clearText.init();
    $('#library-refresh', section).addEventListener('click', load);
    document.addEventListener('lecturechange', (event) => {
      const saved = event.detail;
      const known = lectures.find((l) => l.id === saved.id);
      if (known) Object.assign(known, { title: saved.title, visibility: saved.visibility, version: saved.version });
      if (openLecture?.id === saved.id) $('#lecture-title').textContent = saved.title;
      renderList();
    });
    $('#export-markdown', section).addEventListener('click', () => {
      if (notes?.markdown) download(`${(openLecture?.title || 'lecture').replace(/[\\/:*?"<>|]/g, '_')}.md`, notes.markdown, 'text/markdown');
    });
    document.addEventListener('languagechange', () => {
      renderList();
      renderNotes();
      if (openLecture) renderAlerts();
    });
  },
  // Lectures arrive in the background (a job finishing, a live session saved), so the open list refreshes itself.
  show(section) {
    load();
    clearInterval(refreshTimer);
    refreshTimer = setInterval(() => {
      if (section.hidden || document.hidden) clearInterval(refreshTimer);
      else load();
    }, refreshSeconds * 1000);
  },
};
