// The notes of one lecture on the library page: summary by chapter, a chapter list, key points, the glossary and the quiz.
// Every time shown is a button that plays the recording from there; the chapter being played is marked as it plays.
import { request } from '../api.js';
import { t } from '../i18n.js';
import { seek } from '../media.js';
import { clock, download } from '../transcript.js';
import { $, element } from '../ui.js';

let shown = null;

function timeButton(seconds, player, label) {
  const go = element('button', { className: 'link time', text: clock(seconds), attrs: { type: 'button', 'aria-label': t(label, { time: clock(seconds) }) } });
  go.addEventListener('click', () => seek(player, seconds));
  return go;
}

const startOf = (item) => (item && typeof item === 'object' && Number.isFinite(item.start) ? item.start : null);
const textOf = (item) => (typeof item === 'string' ? item : item?.text ?? '');

function renderSummary(notes, player) {
  const chapters = Array.isArray(notes.chapters) ? notes.chapters.filter((c) => c.summary) : [];
  const box = $('#notes-summary');
  if (chapters.length === 0) {
    box.replaceChildren(element('p', { text: notes.summary ?? '' }));
    return;
  }
  box.replaceChildren(element('ol', { className: 'summary' }, chapters.map((chapter) => element('li', {}, [
    timeButton(chapter.start, player, 'notes.playChapter'),
    ' ',
    element('strong', { text: chapter.title }),
    element('p', { text: chapter.summary }),
  ]))));
}

function renderChapters(notes, player) {
  const chapters = Array.isArray(notes.chapters) ? notes.chapters : [];
  $('#notes-chapters-title').hidden = chapters.length === 0;
  $('#notes-chapters').replaceChildren(...chapters.map((chapter, i) => {
    const go = element('button', { className: 'link', attrs: { type: 'button', 'data-start': String(chapter.start) } }, [
      element('span', { className: 'time', text: clock(chapter.start) }),
      ` ${chapter.title}`,
    ]);
    go.addEventListener('click', () => seek(player, chapter.start));
    return element('li', { attrs: { 'data-chapter': String(i) } }, [go]);
  }));
}

function renderKeyPoints(notes, player) {
  $('#notes-key-points').replaceChildren(...(notes.keyPoints ?? []).map((point) => {
    const start = startOf(point);
    return element('li', {}, start === null ? [textOf(point)] : [element('span', { text: textOf(point) }), ' ', timeButton(start, player, 'notes.play')]);
  }));
}

function renderGlossary(notes, player) {
  $('#notes-glossary').replaceChildren(...(notes.glossary ?? []).flatMap((entry) => {
    const start = startOf(entry);
    const definition = element('dd', {}, [element('span', { text: entry.definition ?? '' })]);
    if (start !== null) definition.append(' ', timeButton(start, player, 'notes.playDefinition'));
    return [element('dt', { text: entry.term }), definition];
  }));
}

function renderQuiz(notes, player) {
  $('#notes-quiz').replaceChildren(...(notes.quiz ?? []).map((item) => {
    const answer = element('div', { className: 'answer' }, [element('p', { text: item.answer })]);
    const start = startOf(item.citation);
    if (start !== null) {
      const go = element('button', { className: 'link', text: t('notes.goTo', { time: clock(start) }), attrs: { type: 'button' } });
      go.addEventListener('click', () => seek(player, start));
      answer.append(go);
    }
    return element('li', {}, [element('details', {}, [element('summary', { text: item.question }), answer])]);
  }));
}

// Marks the chapter the player is in, so the list shows where the recording is.
function markCurrent(player) {
  const items = [...document.querySelectorAll('#notes-chapters li')];
  let current = -1;
  items.forEach((item, i) => {
    if (Number(item.firstChild?.dataset.start) <= player.currentTime + 0.25) current = i;
  });
  items.forEach((item, i) => {
    if (i === current) item.firstChild.setAttribute('aria-current', 'true');
    else item.firstChild.removeAttribute('aria-current');
  });
}

// notes: the notes response; context: { player, lectureId, title }.
export function renderNotes(notes, context) {
  shown = { notes, ...context };
  renderSummary(notes, context.player);
  renderChapters(notes, context.player);
  renderKeyPoints(notes, context.player);
  renderGlossary(notes, context.player);
  renderQuiz(notes, context.player);
  $('#export-chapters').disabled = !(notes.chapters?.length > 0 && context.lectureId);
  markCurrent(context.player);
  $('#notes').hidden = false;
}

export function initNotes() {
  $('#library-player').addEventListener('timeupdate', (event) => markCurrent(event.target));
  $('#export-chapters').addEventListener('click', async () => {
    if (!shown?.lectureId) return;
    const button = $('#export-chapters');
    button.disabled = true;
    try {
      const response = await request(`/api/qa/lectures/${encodeURIComponent(shown.lectureId)}/notes?format=vtt`, { method: 'POST' });
      download(`${(shown.title || 'lecture').replace(/[\\/:*?"<>|]/g, '_')}.chapters.vtt`, await response.text(), 'text/vtt');
    } catch {
      // The button comes back; the notes on the page are unaffected.
    } finally {
      button.disabled = false;
    }
  });
}
