import { ApiError, postForm } from './api.js';
import { t } from './i18n.js';
import { element } from './ui.js';

// Who speaks in a diarized transcript or lecture: a colour per speaker, a chip on each line, and a legend where a
// content user renames a speaker. Naming also remembers the voice in the ASR service's library (its voiceprint), so
// the next recording of the same person comes back with the name. The views own the transcript; this module only
// draws and reports, so the upload view and the library editor share one look.

// Okabe-Ito colours: told apart by people with the common colour-vision deficiencies.
const palette = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#8c6d31', '#555555'];

// What the last rename of a speaker said (by voiceprint): the views redraw the legend after a rename, and the notice
// belongs to the speaker, not to the element that was replaced.
const notices = new Map();

export function speakersOf(transcript) {
  return Array.isArray(transcript?.speakers) ? transcript.speakers : [];
}

export function hasSpeakers(transcript) {
  return speakersOf(transcript).length > 0;
}

export function speakerLabel(transcript, id) {
  const speaker = speakersOf(transcript).find((s) => s.id === id);
  return speaker?.name || id;
}

export function speakerColor(transcript, id) {
  const index = speakersOf(transcript).findIndex((s) => s.id === id);
  return palette[(index < 0 ? 0 : index) % palette.length];
}

// The chip a line starts with; null for a line without a speaker.
export function speakerChip(transcript, id) {
  if (!id) return null;
  const chip = element('span', { className: 'speaker', text: speakerLabel(transcript, id), attrs: { 'data-speaker': id } });
  chip.style.setProperty('--speaker-color', speakerColor(transcript, id));
  return chip;
}

// Marks a line element with its speaker's colour (a border the CSS draws).
export function colorLine(target, transcript, id) {
  if (!id) return;
  target.classList.add('has-speaker');
  target.style.setProperty('--speaker-color', speakerColor(transcript, id));
}

// The legend: each speaker's colour, name and speaking time, and a rename form. onRename(id, name) applies the name
// where the view keeps it; the voice is remembered here when the speaker has a voiceprint.
export function renderLegend(container, transcript, { onRename, onFilter } = {}) {
  const speakers = speakersOf(transcript);
  container.hidden = speakers.length === 0;
  if (speakers.length === 0) {
    container.replaceChildren();
    return;
  }
  container.replaceChildren(
    element('h3', { text: t('speakers.title') }),
    element('ul', { className: 'speaker-list' }, speakers.map((speaker) => entry(transcript, speaker, onRename, onFilter))),
  );
}

function entry(transcript, speaker, onRename, onFilter) {
  const swatch = element('span', { className: 'swatch', attrs: { 'aria-hidden': 'true' } });
  swatch.style.setProperty('--speaker-color', speakerColor(transcript, speaker.id));
  const label = speakerLabel(transcript, speaker.id);
  const seconds = Number(speaker.speechSeconds);
  const name = element('span', { className: 'speaker-name', text: label });
  const time = Number.isFinite(seconds) && seconds > 0 ? element('span', { className: 'muted', text: t('speakers.seconds', { seconds: Math.round(seconds) }) }) : null;
  const children = [swatch, name, ...(time ? [time] : [])];
  if (onFilter) {
    const only = element('button', { className: 'speaker-only', text: t('speakers.only'), attrs: { type: 'button', 'aria-pressed': 'false', 'aria-label': t('speakers.onlyLabel', { name: label }) } });
    only.addEventListener('click', () => {
      const pressed = only.getAttribute('aria-pressed') !== 'true';
      for (const other of only.closest('.speaker-list').querySelectorAll('.speaker-only')) other.setAttribute('aria-pressed', 'false');
      only.setAttribute('aria-pressed', String(pressed));
      onFilter(pressed ? speaker.id : null);
    });
    children.push(only);
  }
  if (onRename) {
    const form = element('form', { className: 'speaker-rename' });
    const input = element('input', { attrs: { type: 'text', value: speaker.name ?? '', maxlength: '100', 'aria-label': t('speakers.nameLabel', { id: speaker.id }), placeholder: t('speakers.namePlaceholder') } });
    const button = element('button', { text: t('speakers.rename'), attrs: { type: 'submit' } });
    const status = element('span', { className: 'muted', text: notices.get(speaker.voiceprint ?? speaker.id) ?? '', attrs: { 'aria-live': 'polite' } });
    form.append(input, button, status);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const value = input.value.trim();
      button.disabled = true;
      const key = speaker.voiceprint ?? speaker.id;
      try {
        notices.set(key, value && await rememberVoice(speaker, value) ? t('speakers.remembered', { name: value }) : '');
      } catch (failure) {
        notices.set(key, failure instanceof ApiError ? String(failure) : t('error.network'));
      }
      try {
        await onRename(speaker.id, value);
        status.textContent = notices.get(key);
      } finally {
        button.disabled = false;
      }
    });
    children.push(form);
  }
  return element('li', { attrs: { 'data-speaker': speaker.id } }, children);
}

// Names the speaker's voice in the caller's library; false when there is nothing to name it from (no voiceprint, or
// one the service no longer keeps) or the service cannot keep voices right now.
export async function rememberVoice(speaker, name) {
  if (!speaker.voiceprint) return false;
  const form = new FormData();
  form.append('name', name);
  form.append('voiceprint', speaker.voiceprint);
  try {
    await postForm('/api/asr/voices', form);
    return true;
  } catch (failure) {
    if (failure instanceof ApiError && [404, 503].includes(failure.status)) return false;
    throw failure;
  }
}
