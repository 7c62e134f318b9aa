import { t } from '../i18n.js';
import { colorLine, speakerChip } from '../speakers.js';
import { clock } from '../transcript.js';
import { $, clearError, element, showError } from '../ui.js';

// Live captions: microphone → AudioWorklet (16 kHz PCM) → WebSocket /api/asr/stream; partial text in grey, finals with times.
// With "Identify speakers" each final says who spoke, drawn as the transcript view draws speakers (speakers.js): the
// stream's speakers are kept in order of first appearance, as a diarized transcript lists them, so colours agree.
let live = null;

function streamUrl(redact) {
  // The session cookie goes with the upgrade request; no key in the address.
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  // Masking is asked for in the address: the service refuses a bad value before the socket opens.
  return `${scheme}://${location.host}/api/asr/stream${redact ? '?redact=pii' : ''}`;
}

async function start() {
  const error = $('#live-error');
  clearError(error);
  $('#live-finals').replaceChildren();
  setPartial('');
  let media;
  try {
    media = await navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true } });
  } catch {
    showError(error, t('live.noMicrophone'));
    return;
  }

  const context = new AudioContext();
  await context.audioWorklet.addModule('js/live-worklet.js');
  const source = context.createMediaStreamSource(media);
  const capture = new AudioWorkletNode(context, 'live-capture');
  const socket = new WebSocket(streamUrl($('#live-redact').checked));
  socket.binaryType = 'arraybuffer';
  const diarize = $('#live-speakers').checked;
  live = { media, context, source, capture, socket, stopping: false, speakers: { speakers: [] } };
  setRunning(true);
  setStatus(t('live.connecting'));

  socket.addEventListener('open', () => {
    socket.send(JSON.stringify({ type: 'start', language: $('#live-language').value, itn: true, sample_rate: 16000, format: 'pcm_s16le', ...(diarize ? { diarize: true } : {}) }));
  });
  socket.addEventListener('message', (event) => onMessage(JSON.parse(event.data)));
  socket.addEventListener('close', (event) => {
    if (!live?.stopping && event.code !== 1000 && !$('#live-error').textContent) {
      showError($('#live-error'), t('live.dropped'));
    }
    release();
  });
  capture.port.onmessage = (event) => {
    if (socket.readyState === WebSocket.OPEN) socket.send(event.data);
  };
  source.connect(capture);
}

function onMessage(message) {
  switch (message.type) {
    case 'ready':
      setStatus(t('live.listening'));
      break;
    case 'partial':
      setPartial(message.text);
      break;
    case 'final': {
      setPartial('');
      const chip = message.speaker ? speakerChip(noteSpeaker(message), message.speaker) : null;
      const line = element('li', { className: 'line' }, [
        element('span', { className: 'time', text: clock(message.start) }),
        ...(chip ? [chip] : []),
        element('span', { className: 'text', text: message.text, attrs: { lang: message.language === 'en' ? 'en' : 'zh' } }),
      ]);
      if (message.speaker) colorLine(line, live.speakers, message.speaker);
      $('#live-finals').append(line);
      break;
    }
    case 'alert':
      // Sensitive information in the final just shown: the compliance inbox has been told (see docs/compliance.md).
      $('#live-finals').append(element('li', { className: 'line live-alert', attrs: { role: 'status' } }, [
        element('span', { className: 'time', text: clock(message.start ?? 0) }),
        element('span', { className: 'text', text: t('live.alert', { kind: t(`alert.${message.kind}`), masked: message.masked }) }),
      ]));
      break;
    case 'saved':
      if (live) live.saved = true;
      setStatus(t('live.saved', { title: message.title }));
      break;
    case 'end':
      if (!live?.saved) setStatus(t('live.ended'));
      break;
    case 'error':
      showError($('#live-error'), liveError(message));
      break;
  }
}

// The stream's speakers as a transcript lists them; a speaker keeps the last name a final gave it.
function noteSpeaker(message) {
  const speakers = live.speakers.speakers;
  const known = speakers.find((s) => s.id === message.speaker);
  if (known) known.name = message.speakerName ?? known.name;
  else speakers.push({ id: message.speaker, name: message.speakerName ?? null });
  return live.speakers;
}

function liveError(message) {
  const known = {
    too_many_streams: 'live.error.busy',
    idle_timeout: 'live.error.idle',
    too_fast: 'live.error.tooFast',
    save_unavailable: 'live.error.save',
    diarization_unavailable: 'live.error.speakers',
  }[message.code];
  return known ? t(known) : `${t('live.error.generic')} (${message.message})`;
}

function stop() {
  if (!live) return;
  live.stopping = true;
  live.source.disconnect();
  live.media.getTracks().forEach((track) => track.stop());
  const save = $('#live-save').checked;
  const title = $('#live-title-input').value.trim();
  if (live.socket.readyState === WebSocket.OPEN) {
    live.socket.send(JSON.stringify({ type: 'stop', save, title: title || undefined }));
    setStatus(t('live.finishing'));
  } else {
    release();
  }
}

function release() {
  if (!live) return;
  live.media.getTracks().forEach((track) => track.stop());
  live.context.close().catch(() => {});
  live = null;
  setPartial('');
  setRunning(false);
}

function setPartial(text) {
  const partial = $('#live-partial');
  partial.textContent = text;
  partial.hidden = text.length === 0;
}

function setStatus(text) {
  $('#live-status').textContent = text;
}

function setRunning(running) {
  const button = $('#live-toggle');
  button.setAttribute('aria-pressed', String(running));
  button.textContent = t(running ? 'live.stop' : 'live.start');
  button.dataset.i18n = running ? 'live.stop' : 'live.start';
  $('#live-language').disabled = running;
  $('#live-speakers').disabled = running;
  $('#live-redact').disabled = running;
}

export default {
  init() {
    $('#live-toggle').addEventListener('click', () => (live ? stop() : start()));
  },
  show() {},
};
