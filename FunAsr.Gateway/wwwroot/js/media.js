import { request } from './api.js';

const preferredTypes = ['audio/webm;codecs=opus', 'audio/ogg;codecs=opus', 'audio/mp4', 'audio/webm'];

export function canRecord() {
  return typeof MediaRecorder !== 'undefined' && !!navigator.mediaDevices?.getUserMedia;
}

// Starts the microphone; the returned stop() resolves to the recording as a File.
export async function startRecording() {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  const mimeType = preferredTypes.find((type) => MediaRecorder.isTypeSupported(type));
  const recorder = new MediaRecorder(stream, mimeType ? { mimeType } : {});
  const chunks = [];
  const started = performance.now();
  recorder.addEventListener('dataavailable', (event) => {
    if (event.data.size > 0) chunks.push(event.data);
  });
  recorder.start(250);
  return {
    stop: () => new Promise((resolve) => {
      recorder.addEventListener('stop', () => {
        stream.getTracks().forEach((track) => track.stop());
        const type = recorder.mimeType || 'audio/webm';
        const extension = type.includes('ogg') ? 'ogg' : type.includes('mp4') ? 'm4a' : 'webm';
        const seconds = (performance.now() - started) / 1000;
        resolve({ file: new File(chunks, `recording-${Date.now()}.${extension}`, { type }), seconds });
      }, { once: true });
      recorder.stop();
    }),
  };
}

// Media elements cannot send the key, so recordings are fetched with it and played from a blob URL.
const recordingUrls = new Map();

export async function recordingUrl(lectureId) {
  if (!recordingUrls.has(lectureId)) {
    const response = await request(`/api/asr/recordings/${encodeURIComponent(lectureId)}`);
    recordingUrls.set(lectureId, URL.createObjectURL(await response.blob()));
  }
  return recordingUrls.get(lectureId);
}

// Plays `player` from `seconds` once its source is ready; autoplay refusals are fine, the position is what matters.
export function seek(player, seconds) {
  const go = () => {
    player.currentTime = seconds;
    player.play().catch(() => {});
  };
  if (player.readyState >= 1) go();
  else player.addEventListener('loadedmetadata', go, { once: true });
}

export function mediaDuration(file) {
  return new Promise((resolve) => {
    const probe = document.createElement('audio');
    const url = URL.createObjectURL(file);
    const done = (value) => {
      URL.revokeObjectURL(url);
      resolve(value);
    };
    probe.preload = 'metadata';
    probe.addEventListener('loadedmetadata', () => done(Number.isFinite(probe.duration) ? probe.duration : null), { once: true });
    probe.addEventListener('error', () => done(null), { once: true });
    probe.src = url;
  });
}
