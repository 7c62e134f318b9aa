import { request } from './api.js';
import { t, has } from './i18n.js';

export function clock(seconds) {
  const total = Math.max(0, seconds || 0);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = Math.floor(total % 60);
  const mm = String(m).padStart(2, '0');
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

// Segments of a transcript; a transcript without segments is one line spanning the whole file.
export function linesOf(transcript) {
  if (Array.isArray(transcript.segments) && transcript.segments.length > 0) return transcript.segments;
  if (!transcript.text) return [];
  return [{ start: 0, end: transcript.duration ?? 0, text: transcript.text, emotion: transcript.emotion, event: transcript.event }];
}

const emotionIcons = { HAPPY: '😊', SAD: '😢', ANGRY: '😠', FEARFUL: '😨', DISGUSTED: '🤢', SURPRISED: '😮' };
const eventIcons = { BGM: '🎵', Applause: '👏', Laughter: '😄', Cry: '😭', Sneeze: '🤧', Cough: '😷', Breath: '💨' };

// Small, quiet chips for the emotion and sound event SenseVoice reports; neutral speech gets none.
export function tagsFor(line) {
  const tags = [];
  if (line.emotion && emotionIcons[line.emotion]) {
    const value = has(`emotion.${line.emotion}`) ? t(`emotion.${line.emotion}`) : line.emotion;
    tags.push({ icon: emotionIcons[line.emotion], label: t('tag.emotion', { value }) });
  }
  if (line.event && eventIcons[line.event]) {
    const value = has(`event.${line.event}`) ? t(`event.${line.event}`) : line.event;
    tags.push({ icon: eventIcons[line.event], label: t('tag.event', { value }) });
  }
  return tags;
}

export function download(name, text, type) {
  saveBlob(name, new Blob([text], { type }));
}

// Transcript files (TXT, SRT, VTT) come from the server, written by the one subtitle writer the API, the CLI and the
// library use, so a download from the page is the same file the API gives for the same transcript.
export async function downloadFrom(path, name, options = {}) {
  const response = await request(path, options);
  saveBlob(name, await response.blob());
}

// The segments of a transcript the page holds, in the shape POST /api/asr/subtitles and the lectures API take.
export function timedSegments(transcript) {
  return linesOf(transcript).map((line) => ({
    start: line.start ?? 0,
    end: line.end ?? 0,
    text: line.text ?? '',
    words: Array.isArray(line.words) ? line.words : undefined,
  }));
}

function saveBlob(name, blob) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
