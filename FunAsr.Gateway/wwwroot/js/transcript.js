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

function stamp(seconds, separator) {
  const ms = Math.round(Math.max(0, seconds) * 1000);
  const h = String(Math.floor(ms / 3600000)).padStart(2, '0');
  const m = String(Math.floor((ms % 3600000) / 60000)).padStart(2, '0');
  const s = String(Math.floor((ms % 60000) / 1000)).padStart(2, '0');
  return `${h}:${m}:${s}${separator}${String(ms % 1000).padStart(3, '0')}`;
}

export function toText(transcript) {
  return linesOf(transcript).map((line) => line.text.trim()).join('\n') + '\n';
}

// SubRip: numbered cues, comma before milliseconds.
export function toSrt(transcript) {
  return linesOf(transcript)
    .map((line, i) => `${i + 1}\n${stamp(line.start, ',')} --> ${stamp(line.end, ',')}\n${line.text.trim()}\n`)
    .join('\n');
}

// WebVTT: header line, dot before milliseconds.
export function toVtt(transcript) {
  const cues = linesOf(transcript).map((line) => `${stamp(line.start, '.')} --> ${stamp(line.end, '.')}\n${line.text.trim()}\n`);
  return `WEBVTT\n\n${cues.join('\n')}`;
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
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
