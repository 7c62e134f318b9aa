import { request } from './api.js';

// Reports what of a lecture a player actually played (POST /api/learning/progress): the stretch since the last report,
// every few seconds while it plays and whenever it pauses, seeks or ends. A jump ends a stretch, so skipped parts never
// count as watched. `lectureOf()` names the lecture currently in the player.
const reportSeconds = 10;

export function trackPlayback(player, lectureOf) {
  let from = null;
  let last = 0;
  let timer = null;

  async function send(start, end) {
    const lectureId = lectureOf();
    if (!lectureId || !(end > start + 0.2)) return;
    try {
      await request('/api/learning/progress', {
        method: 'POST',
        json: { lectureId, from: start, to: end, duration: Number.isFinite(player.duration) ? player.duration : null },
      });
      // It bubbles, so a view other than the player's (the mandatory courses) hears it on the document.
      player.dispatchEvent(new CustomEvent('progressreported', { bubbles: true, detail: { lectureId, from: start, to: end } }));
    } catch {
      // Progress is best effort: a lost report only means the stretch counts when it is played again.
    }
  }

  function flush() {
    if (from === null) return;
    const start = from;
    from = player.paused || player.ended ? null : last;
    send(start, last);
  }

  player.addEventListener('timeupdate', () => {
    if (!player.seeking) last = player.currentTime;
  });
  player.addEventListener('playing', () => {
    // 'playing' also follows a stall (buffering): playback resuming where it stopped continues the open stretch, which
    // would otherwise be dropped unreported. A start, or a resume after a pause, a seek or a jump, opens a new one.
    if (from === null || Math.abs(player.currentTime - last) > 1) {
      if (from !== null) send(from, last);
      from = player.currentTime;
      last = from;
    }
    clearInterval(timer);
    timer = setInterval(flush, reportSeconds * 1000);
  });
  for (const type of ['pause', 'ended']) {
    player.addEventListener(type, () => {
      clearInterval(timer);
      flush();
    });
  }
  player.addEventListener('seeking', () => {
    if (from === null) return;
    const start = from;
    from = null;
    send(start, last);
  });
  player.addEventListener('seeked', () => {
    last = player.currentTime;
    if (!player.paused) from = last;
  });
}
