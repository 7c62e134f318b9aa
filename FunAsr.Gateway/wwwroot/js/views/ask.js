import { ApiError, postForm, postJson, request } from '../api.js';
import { language, t } from '../i18n.js';
import { canRecord, recordingUrl, seek, startRecording } from '../media.js';
import { readEvents } from '../sse.js';
import { clock } from '../transcript.js';
import { $, clearError, element, showError } from '../ui.js';

const minimumHoldSeconds = 0.4;
let answer = null;
let holding = null;
let playing = null;

function questionLanguage() {
  return language() === 'zh' ? 'zh' : 'en';
}

async function ask(question) {
  const error = $('#ask-error');
  clearError(error);
  const body = { question, language: questionLanguage() };
  try {
    answer = await streamAnswer(body) ?? await postJson('/api/qa/ask', body);
    answer.spokenQuestion = null;
    renderAnswer();
    $('#answer-title').focus();
  } catch (failure) {
    showError(error, failure instanceof ApiError ? String(failure) : t('error.network'));
  } finally {
    $('#answer').setAttribute('aria-busy', 'false');
  }
}

// A generated answer is shown as it is written; screen readers hear it once complete (aria-busy).
// Resolves to null when the stream ends without its final event, so the caller asks again without streaming.
async function streamAnswer(body) {
  const response = await request('/api/qa/ask/stream', { method: 'POST', json: body, headers: { Accept: 'text/event-stream' } });
  const box = $('#answer');
  box.hidden = false;
  box.setAttribute('aria-busy', 'true');
  $('#asked-question').hidden = true;
  $('#citations').replaceChildren();
  const text = $('#answer-text');
  text.textContent = '';
  for await (const { event, data } of readEvents(response)) {
    if (event === 'delta') text.textContent += data?.text ?? '';
    else if (event === 'done' && data && typeof data === 'object') return data;
  }
  return null;
}

async function askByVoice(file) {
  const error = $('#ask-error');
  const status = $('#voice-status');
  clearError(error);
  status.textContent = t('ask.sending');
  try {
    const form = new FormData();
    form.append('file', file, file.name);
    form.append('language', questionLanguage());
    answer = await postForm('/api/qa/ask/voice', form);
    answer.spokenQuestion = answer.question ?? null;
    renderAnswer();
    $('#answer-title').focus();
    status.textContent = '';
  } catch (failure) {
    status.textContent = '';
    showError(error, failure instanceof ApiError ? String(failure) : t('error.network'));
  }
}

function renderAnswer() {
  if (!answer) return;
  $('#answer').hidden = false;
  const asked = $('#asked-question');
  asked.hidden = !answer.spokenQuestion;
  asked.textContent = answer.spokenQuestion ? t('ask.youAsked', { question: answer.spokenQuestion }) : '';
  const citations = answer.citations ?? [];
  $('#answer-text').textContent = answer.found === false && !answer.answer ? t('ask.noSources') : answer.answer ?? '';
  $('#citations').replaceChildren(...(citations.length === 0
    ? notFoundItems(answer.suggestions ?? [])
    : citations.map((citation) => {
      const label = t('ask.citation', { title: citation.title || citation.lectureId, start: clock(citation.start), end: clock(citation.end) });
      const jump = element('button', { className: 'link citation-link', text: label, attrs: { type: 'button' } });
      jump.addEventListener('click', () => play(citation));
      return element('li', {}, [jump, quote(citation)]);
    })));
}

// The answering sentences marked inside the sentences around them, so the reader sees what the click will play.
function quote(citation) {
  const text = citation.text ?? '';
  const context = citation.context ?? '';
  const at = text ? context.indexOf(text) : -1;
  if (at < 0) return element('blockquote', { text });
  return element('blockquote', {}, [
    context.slice(0, at),
    element('mark', { className: 'cited', text }),
    context.slice(at + text.length),
  ]);
}

function notFoundItems(suggestions) {
  if (suggestions.length === 0) return [element('li', { className: 'muted', text: t('ask.noSources') })];
  return [element('li', { className: 'muted' }, [
    t('ask.suggestions'),
    element('ul', { className: 'suggestions' }, suggestions.map((s) => element('li', { text: s.title || s.lectureId }))),
  ])];
}

// Plays the answering sentences themselves: from the citation's start, pausing at its end.
async function play(citation) {
  const player = $('#ask-player');
  const caption = $('#ask-player-caption');
  try {
    player.src = await recordingUrl(citation.lectureId);
    player.hidden = false;
    const start = Number(citation.start ?? 0);
    const end = Number(citation.end ?? 0);
    playing = end > start ? { start, end } : null;
    seek(player, start);
    caption.textContent = t('ask.playing', { title: citation.title || citation.lectureId, time: clock(citation.start), end: clock(citation.end) });
  } catch (failure) {
    player.hidden = true;
    caption.textContent = failure instanceof ApiError && failure.status === 404 ? t('ask.noRecording') : String(failure);
  }
}

async function beginHold() {
  if (holding) return;
  const error = $('#ask-error');
  clearError(error);
  if (!canRecord()) {
    showError(error, t('transcribe.noRecorder'));
    return;
  }
  const button = $('#voice-ask');
  holding = { pending: startRecording() };
  button.setAttribute('aria-pressed', 'true');
  $('#voice-status').textContent = t('ask.listening');
  try {
    holding.recorder = await holding.pending;
  } catch {
    holding = null;
    button.setAttribute('aria-pressed', 'false');
    $('#voice-status').textContent = '';
    showError(error, t('transcribe.micDenied'));
  }
}

async function endHold() {
  if (!holding) return;
  const current = holding;
  holding = null;
  $('#voice-ask').setAttribute('aria-pressed', 'false');
  const recorder = current.recorder ?? await current.pending.catch(() => null);
  if (!recorder) return;
  const { file, seconds } = await recorder.stop();
  if (seconds < minimumHoldSeconds) {
    $('#voice-status').textContent = t('ask.tooShort');
    return;
  }
  await askByVoice(file);
}

export default {
  init(section) {
    const player = $('#ask-player', section);
    player.addEventListener('timeupdate', () => {
      if (playing && player.currentTime >= playing.end + 0.3) {
        playing = null;
        player.pause();
      }
    });
    // Seeking outside the answer by hand means listening on: its end no longer stops the player.
    player.addEventListener('seeking', () => {
      if (playing && (player.currentTime < playing.start - 0.5 || player.currentTime > playing.end)) playing = null;
    });
    $('#ask-form', section).addEventListener('submit', (event) => {
      event.preventDefault();
      const question = $('#question').value.trim();
      if (!question) {
        showError($('#ask-error'), t('ask.empty'));
        return;
      }
      ask(question);
    });
    const voice = $('#voice-ask', section);
    voice.addEventListener('pointerdown', (event) => {
      voice.setPointerCapture?.(event.pointerId);
      beginHold();
    });
    for (const name of ['pointerup', 'pointercancel']) voice.addEventListener(name, endHold);
    voice.addEventListener('keydown', (event) => {
      if ((event.key === ' ' || event.key === 'Enter') && !event.repeat) {
        event.preventDefault();
        beginHold();
      }
    });
    voice.addEventListener('keyup', (event) => {
      if (event.key === ' ' || event.key === 'Enter') {
        event.preventDefault();
        endHold();
      }
    });
    voice.addEventListener('click', (event) => event.preventDefault());
    document.addEventListener('languagechange', renderAnswer);
  },
};
