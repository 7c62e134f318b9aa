import { ApiError, getJson, postForm, postJson, request } from '../api.js';
import { language, t } from '../i18n.js';
import { canRecord, mediaDuration, seek, startRecording } from '../media.js';
import { readEvents } from '../sse.js';
import { clock, downloadFrom, linesOf, tagsFor, timedSegments } from '../transcript.js';
import { colorLine, hasSpeakers, renderLegend, speakerChip, speakersOf } from '../speakers.js';
import { $, clearError, element, showError } from '../ui.js';

// Longer recordings go through a job so the page can show progress and a dropped connection loses nothing.
const jobThresholdSeconds = 120;
const jobThresholdBytes = 25 * 1024 * 1024;

const baseLanguages = [
  { code: 'auto' },
  { code: 'zh', name: '中文' },
  { code: 'en', name: 'English' },
  { code: 'yue', name: '粤语' },
  { code: 'ja', name: '日本語' },
  { code: 'ko', name: '한국어' },
];

let selected = null;
let playerUrl = null;
let transcript = null;
// The job the transcript came from: its recording is already kept and its lecture already on its way to the library.
let jobId = null;
let savedLecture = null;
let recording = null;
let extraLanguages = [];
// The languages the loaded models offer (/v1/models); null while unknown, or when a model does not list its own.
let offeredLanguages = null;
// The speaker whose lines alone are shown (the legend's filter); null: everyone's.
let onlySpeaker = null;

function languageName(code) {
  try {
    return new Intl.DisplayNames([language() === 'zh' ? 'zh-CN' : 'en'], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

function renderLanguages() {
  const select = $('#language-select');
  const chosen = select.value || 'auto';
  select.replaceChildren(
    ...baseLanguages.filter((entry) => entry.code === 'auto' || offeredLanguages === null || offeredLanguages.has(entry.code))
      .map((entry) => element('option', { text: entry.name ?? t('transcribe.auto'), attrs: { value: entry.code } })),
    ...extraLanguages.map((code) => element('option', { text: languageName(code), attrs: { value: code } })),
  );
  select.value = chosen;
  const saveLanguage = $('#save-language');
  const saveChosen = saveLanguage.value || transcript?.language || 'zh';
  saveLanguage.replaceChildren(...[...baseLanguages.filter((entry) => entry.code !== 'auto'), ...extraLanguages.map((code) => ({ code }))]
    .map((entry) => element('option', { text: entry.name ?? languageName(entry.code), attrs: { value: entry.code } })));
  saveLanguage.value = saveChosen;
}

// The Nano model lists more languages than SenseVoice; when it is loaded its languages join the list.
async function loadModelLanguages() {
  try {
    const models = await getJson('/v1/models');
    const known = new Set(baseLanguages.map((entry) => entry.code));
    const found = new Set();
    const offered = new Set();
    let everyModelLists = (models.data ?? []).length > 0;
    for (const model of models.data ?? []) {
      if (!Array.isArray(model.languages)) everyModelLists = false;
      for (const code of model.languages ?? []) if (typeof code === 'string') offered.add(code);
      for (const code of model.languages ?? []) {
        if (typeof code === 'string' && !known.has(code)) found.add(code);
      }
    }
    extraLanguages = [...found].sort();
    // Fun-ASR-Nano-2512 offers zh/en/ja only: languages no loaded model offers leave the list.
    offeredLanguages = everyModelLists ? offered : null;
    if (!['auto', ...offered].includes($('#language-select').value) && offeredLanguages) $('#language-select').value = 'auto';
    renderLanguages();
  } catch {
    // The base list still works; a missing model list is not worth an error on screen.
  }
}

async function choose(file, seconds) {
  selected = { file, seconds: seconds ?? await mediaDuration(file) };
  const duration = selected.seconds ? ` · ${clock(selected.seconds)}` : '';
  $('#selected-file').textContent = `${file.name}${duration}`;
  $('#transcribe-button').disabled = false;
}

function formFor(file) {
  const form = new FormData();
  form.append('file', file, file.name);
  form.append('language', $('#language-select').value);
  form.append('itn', $('#itn-toggle').checked ? 'true' : 'false');
  if ($('#diarize-toggle').checked) form.append('diarize', 'true');
  if ($('#redact-toggle').checked) form.append('redact', 'pii');
  return form;
}

async function transcribe() {
  const error = $('#transcribe-error');
  clearError(error);
  if (!selected) {
    showError(error, t('transcribe.noFile'));
    return;
  }
  const button = $('#transcribe-button');
  button.disabled = true;
  button.textContent = t('transcribe.working');
  $('#transcript-result').hidden = true;
  try {
    // A redacted recording goes through a job whatever its length: the job hands the lecture its clear text for admins,
    // which a synchronous result saved from the page could not.
    const long = $('#redact-toggle').checked || (selected.seconds ?? 0) > jobThresholdSeconds || selected.file.size > jobThresholdBytes;
    jobId = null;
    const result = long ? await runJob(selected.file) : await postForm('/api/asr/transcriptions', formFor(selected.file));
    showTranscript(result.results ? result.results[0] : result, selected.file);
  } catch (failure) {
    showError(error, failure instanceof ApiError ? String(failure) : t('error.network'));
  } finally {
    $('#job-progress').hidden = true;
    button.disabled = false;
    button.textContent = t('transcribe.start');
  }
}

async function runJob(file) {
  const form = formFor(file);
  form.append('title', file.name.replace(/\.[^.]+$/, ''));
  const job = await postForm('/api/asr/jobs', form);
  jobId = job.id;
  const progress = $('#job-progress');
  const bar = $('#progress-bar');
  progress.hidden = false;
  bar.value = 0;
  $('#progress-text').textContent = t('transcribe.queued');
  $('#progress-partial').textContent = '';
  const events = await request(job.eventsUrl ?? `/api/asr/jobs/${encodeURIComponent(job.id)}/events`, { headers: { Accept: 'text/event-stream' } });
  for await (const { event, data } of readEvents(events)) {
    if (event === 'progress') {
      const total = Math.max(1, data.total ?? 1);
      bar.value = Math.round((100 * (data.done ?? 0)) / total);
      $('#progress-text').textContent = t('transcribe.progressText', { done: data.done ?? 0, total });
      if (data.partialText) $('#progress-partial').textContent = data.partialText;
    } else if (event === 'completed') {
      bar.value = 100;
      return data.transcript ?? data;
    } else if (event === 'failed') {
      const reason = typeof data?.error === 'string' ? data.error : data?.error?.detail ?? data?.error?.message;
      throw new ApiError(500, t('error.jobFailed'), reason ?? null);
    }
  }
  // The stream ended without a verdict (a proxy cut it): ask for the job's state instead.
  const state = await getJson(`/api/asr/jobs/${encodeURIComponent(job.id)}`);
  if (state.status === 'completed' && state.result) return state.result;
  throw new ApiError(500, t('error.jobFailed'), typeof state.error === 'string' ? state.error : null);
}

function showTranscript(result, file) {
  transcript = result;
  savedLecture = null;
  onlySpeaker = null;
  $('#save-title').value = file.name.replace(/\.[^.]+$/, '');
  $('#save-language').value = transcript.language && transcript.language !== 'auto' && transcript.language !== 'nospeech' ? transcript.language : 'zh';
  $('#save-status').textContent = '';
  clearError($('#save-error'));
  const player = $('#transcribe-player');
  if (playerUrl) URL.revokeObjectURL(playerUrl);
  playerUrl = URL.createObjectURL(file);
  player.src = playerUrl;
  renderTranscript();
  $('#transcript-result').hidden = false;
  $('#result-title').focus();
}

function renderTranscript() {
  if (!transcript) return;
  const lines = linesOf(transcript);
  const language = transcript.language ? languageName(transcript.language) : '—';
  $('#transcript-meta').textContent = t('transcribe.meta', { language, duration: clock(transcript.duration ?? 0) });
  const list = $('#transcript-lines');
  if (lines.length === 0) {
    list.replaceChildren(element('li', { className: 'muted', text: t('transcribe.empty') }));
    return;
  }
  renderLegend($('#speaker-legend'), transcript, { onRename: renameSpeaker, onFilter: filterSpeaker });
  list.replaceChildren(...lines.map((line) => {
    const tags = tagsFor(line).map((tag) => element('span', { className: 'tag', text: tag.icon, attrs: { title: tag.label, 'aria-label': tag.label, role: 'img' } }));
    const chip = speakerChip(transcript, line.speaker);
    const button = element('button', { className: 'line', attrs: { type: 'button', 'data-start': String(line.start ?? 0) } }, [
      element('span', { className: 'time', text: clock(line.start) }),
      ...(chip ? [chip] : []),
      element('span', { className: 'text', text: line.text }),
      ...tags,
    ]);
    button.addEventListener('click', () => seek($('#transcribe-player'), Number(line.start ?? 0)));
    const item = element('li', {}, [button]);
    colorLine(item, transcript, line.speaker);
    item.hidden = onlySpeaker !== null && line.speaker !== onlySpeaker;
    return item;
  }));
}

// A name given on the page labels this transcript (and its downloads and saved lecture); the legend remembers the voice.
function renameSpeaker(id, name) {
  transcript.speakers = speakersOf(transcript).map((s) => (s.id === id ? { ...s, name: name || null } : s));
  renderTranscript();
}

function filterSpeaker(id) {
  onlySpeaker = id;
  for (const [index, item] of [...$('#transcript-lines').children].entries()) {
    item.hidden = id !== null && linesOf(transcript)[index]?.speaker !== id;
  }
}

function highlightPlaying() {
  const now = $('#transcribe-player').currentTime;
  for (const button of $('#transcript-lines').querySelectorAll('.line')) {
    const start = Number(button.dataset.start);
    const next = button.parentElement.nextElementSibling?.querySelector('.line');
    const end = next ? Number(next.dataset.start) : Infinity;
    button.classList.toggle('playing', now >= start && now < end);
  }
}

async function downloadAs(format) {
  if (!transcript) return;
  const base = (transcript.title || selected?.file.name || 'transcript').replace(/\.[^.]+$/, '');
  const error = $('#transcribe-error');
  clearError(error);
  try {
    // A diarized transcript downloads with each cue starting with its speaker's name.
    const labels = hasSpeakers(transcript) ? '&speaker_labels=true' : '';
    await downloadFrom(`/api/asr/subtitles?format=${format}${labels}`, `${base}.${format}`, {
      method: 'POST',
      json: { duration: transcript.duration, segments: timedSegments(transcript), speakers: speakersOf(transcript) },
    });
  } catch (failure) {
    showError(error, failure instanceof ApiError ? String(failure) : t('error.network'));
  }
}

async function existingLecture(id, waitSeconds) {
  for (let waited = 0; ; waited++) {
    try {
      return await getJson(`/api/qa/lectures/${encodeURIComponent(id)}`);
    } catch (failure) {
      if (!(failure instanceof ApiError) || failure.status !== 404 || waited >= waitSeconds * 2) return null;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

// Saves the transcript as a lecture: a job's recording is already kept under the job's id; a synchronous result's
// recording is kept first, so the library's player can play it and follow the lines being corrected.
async function saveToLibrary() {
  const error = $('#save-error');
  clearError(error);
  const title = $('#save-title').value.trim();
  if (!transcript || !title) {
    showError(error, t('save.needTitle'));
    return;
  }
  const language = $('#save-language').value;
  const visibility = $('#save-visibility').value;
  const button = $('#save-button');
  button.disabled = true;
  $('#save-status').textContent = t('save.saving');
  try {
    let id = savedLecture?.id ?? jobId;
    // A job's lecture reaches the library by itself (the job publishes it); wait for it rather than race it.
    let lecture = id ? await existingLecture(id, jobId && !savedLecture ? 10 : 0) : null;
    if (!lecture) {
      if (!id) {
        const form = new FormData();
        form.append('file', selected.file, selected.file.name);
        id = (await postForm('/api/asr/recordings', form)).id;
      }
      lecture = await postJson('/api/qa/lectures', { id, title, language, visibility, segments: timedSegments(transcript), speakers: lectureSpeakers() });
    }
    // Title, language and visibility are set as an edit, so a transcript the job publishes again cannot undo them.
    const edits = [];
    if (lecture.title !== title) edits.push({ op: 'title', title });
    if (lecture.language !== language) edits.push({ op: 'language', language });
    if ((lecture.visibility ?? 'everyone') !== visibility) edits.push({ op: 'visibility', visibility });
    // Names given before saving; a job's lecture arrived with the names the service matched.
    for (const speaker of speakersOf(transcript)) {
      const saved = (lecture.speakers ?? []).find((s) => s.id === speaker.id);
      if (saved && (saved.name ?? null) !== (speaker.name ?? null)) edits.push({ op: 'speaker', speaker: speaker.id, name: speaker.name ?? '' });
    }
    if (edits.length > 0) lecture = await postJson(`/api/qa/lectures/${encodeURIComponent(id)}/edits`, { baseVersion: lecture.version, edits });
    savedLecture = lecture;
    $('#save-status').textContent = t('save.done', { title: lecture.title });
  } catch (failure) {
    $('#save-status').textContent = '';
    showError(error, failure instanceof ApiError ? String(failure) : t('error.network'));
  } finally {
    button.disabled = false;
  }
}

function lectureSpeakers() {
  const speakers = speakersOf(transcript).map((s) => ({ id: s.id, name: s.name ?? null, voiceprint: s.voiceprint ?? null }));
  return speakers.length > 0 ? speakers : undefined;
}

async function toggleRecording() {
  const button = $('#record-button');
  const error = $('#transcribe-error');
  if (recording) {
    const done = await recording.stop();
    recording = null;
    button.setAttribute('aria-pressed', 'false');
    button.textContent = t('transcribe.record');
    await choose(done.file, done.seconds);
    $('#selected-file').textContent = t('transcribe.recorded', { seconds: done.seconds.toFixed(1) });
    await transcribe();
    return;
  }
  clearError(error);
  if (!canRecord()) {
    showError(error, t('transcribe.noRecorder'));
    return;
  }
  try {
    recording = await startRecording();
  } catch {
    showError(error, t('transcribe.micDenied'));
    return;
  }
  button.setAttribute('aria-pressed', 'true');
  button.textContent = t('transcribe.stop');
  $('#selected-file').textContent = t('transcribe.recording');
}

export default {
  init(section) {
    renderLanguages();
    loadModelLanguages();
    const zone = $('#dropzone', section);
    zone.addEventListener('dragover', (event) => {
      event.preventDefault();
      zone.classList.add('over');
    });
    zone.addEventListener('dragleave', () => zone.classList.remove('over'));
    zone.addEventListener('drop', (event) => {
      event.preventDefault();
      zone.classList.remove('over');
      const file = event.dataTransfer?.files?.[0];
      if (file) choose(file);
    });
    $('#file-input', section).addEventListener('change', (event) => {
      const file = event.target.files?.[0];
      if (file) choose(file);
    });
    $('#transcribe-form', section).addEventListener('submit', (event) => {
      event.preventDefault();
      transcribe();
    });
    $('#record-button', section).addEventListener('click', toggleRecording);
    $('#transcribe-player', section).addEventListener('timeupdate', highlightPlaying);
    for (const button of section.querySelectorAll('.downloads button')) {
      button.addEventListener('click', () => downloadAs(button.dataset.format));
    }
    $('#save-form', section).addEventListener('submit', (event) => {
      event.preventDefault();
      saveToLibrary();
    });
    document.addEventListener('languagechange', () => {
      renderLanguages();
      renderTranscript();
      $('#record-button').textContent = t(recording ? 'transcribe.stop' : 'transcribe.record');
    });
  },
};
