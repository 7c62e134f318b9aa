import { ApiError, getJson, postForm, postJson } from '../api.js';
import { language, t } from '../i18n.js';
import { trackPlayback } from '../learning-progress.js';
import { canRecord, recordingUrl, seek, startRecording } from '../media.js';
import { clock } from '../transcript.js';
import { $, clearError, element, showError } from '../ui.js';

// "My training": the plan (due reviews, next lectures), mastery per knowledge point with a chart over time, a player
// that reports what was watched, and quizzes answered by typing or speaking.
let lesson = null;
let stopAt = null;
let quiz = null;
let recording = null;
const svgNs = 'http://www.w3.org/2000/svg';

function percent(value) {
  return `${Math.round((value ?? 0) * 100)}%`;
}

function dateText(value) {
  return new Date(value).toLocaleDateString(language() === 'zh' ? 'zh-CN' : 'en', { month: 'short', day: 'numeric' });
}

function fail(failure) {
  showError($('#training-error'), failure instanceof ApiError ? String(failure) : t('error.network'));
}

async function load() {
  clearError($('#training-error'));
  try {
    const [plan, mastery, quizzes] = await Promise.all([
      getJson('/api/learning/me/plan'), getJson('/api/learning/me/mastery'), getJson('/api/learning/quizzes')]);
    renderPlan(plan);
    renderMastery(mastery);
    $('#quiz-list').replaceChildren(...quizzes.filter((q) => q.status === 'published').map((q) => element('li', {}, [
      button(q.title, () => openQuiz(q.id), 'link'),
      element('span', { className: 'muted', text: ` ${t('training.items', { count: q.items })}` }),
    ])));
    $('#quiz-list-empty').hidden = quizzes.some((q) => q.status === 'published');
  } catch (failure) {
    fail(failure);
  }
}

function button(text, onClick, className = '') {
  const b = element('button', { className, text, attrs: { type: 'button' } });
  b.addEventListener('click', onClick);
  return b;
}

function renderPlan(plan) {
  const reviews = plan.reviews.map((review) => element('li', { className: 'plan-review' }, [
    element('span', { text: t('training.reviewDue', { label: review.label, date: dateText(review.due), recall: percent(review.recall) }) }),
    ...(review.moment ? [button(t('training.playMoment'), () => playMoment(review.moment), 'link')] : []),
    ...(review.quizId ? [button(t('training.takeQuiz'), () => openQuiz(review.quizId))] : []),
  ]));
  const next = plan.next.map((item) => {
    const bar = element('progress', { attrs: { max: '1', value: String(item.progress ?? 0), 'aria-label': t('training.watched', { share: percent(item.progress) }) } });
    return element('li', { className: 'plan-lecture', attrs: { 'data-lecture': item.lectureId } }, [
      element('strong', { text: item.title }),
      element('p', { className: 'muted plan-points', text: t('training.toLearn', { points: item.points.map((p) => `${p.label} ${percent(p.known)}`).join(language() === 'zh' ? '、' : ', ') }) }),
      element('div', { className: 'row' }, [
        bar,
        element('span', { className: 'muted', text: t('training.watched', { share: percent(item.progress) }) }),
        button(t('training.watch'), () => openLesson(item.lectureId, item.title)),
        ...(item.quizId ? [button(t('training.takeQuiz'), () => openQuiz(item.quizId), 'primary')] : []),
      ]),
    ]);
  });
  $('#plan-reviews').replaceChildren(...reviews);
  $('#plan-reviews-empty').hidden = reviews.length > 0;
  $('#plan-next').replaceChildren(...next);
  $('#plan-next-empty').hidden = next.length > 0;
  $('#plan-summary').textContent = t('training.planSummary', { mastered: plan.mastered, total: plan.total, blocked: plan.blocked });
}

function renderMastery(mastery) {
  $('#mastery-summary').textContent = t('training.masterySummary', { mastered: mastery.mastered, points: mastery.points, average: percent(mastery.average) });
  $('#mastery-list').replaceChildren(...mastery.items.map((point) => element('li', { attrs: { 'data-point': String(point.id) } }, [
    element('span', { className: 'point-label', text: point.label }),
    element('progress', { attrs: { max: '1', value: String(point.known), 'aria-label': t('training.known', { label: point.label, share: percent(point.known) }) } }),
    element('span', { className: 'point-value', text: percent(point.known) }),
    ...(point.mastered ? [element('span', { className: 'badge', text: t('training.mastered') })] : []),
  ])));
  drawChart(mastery.history);
}

// Average mastery after each attempt: a line over time, 0–100 %.
function drawChart(history) {
  const chart = $('#mastery-chart');
  chart.replaceChildren();
  const width = 480;
  const height = 160;
  const pad = 28;
  // Room for the widest axis label ("100%").
  const left = 44;
  chart.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const line = (x1, y1, x2, y2, className) => {
    const l = document.createElementNS(svgNs, 'line');
    for (const [name, value] of Object.entries({ x1, y1, x2, y2, class: className })) l.setAttribute(name, String(value));
    chart.append(l);
  };
  const text = (x, y, value, anchor = 'end') => {
    const label = document.createElementNS(svgNs, 'text');
    for (const [name, v] of Object.entries({ x, y, 'text-anchor': anchor, class: 'chart-label' })) label.setAttribute(name, String(v));
    label.textContent = value;
    chart.append(label);
  };
  for (const share of [0, 0.5, 1]) {
    const y = height - pad - share * (height - 2 * pad);
    line(left, y, width - 8, y, 'chart-grid');
    text(left - 4, y + 4, percent(share));
  }
  $('#mastery-chart-empty').hidden = history.length > 0;
  if (history.length === 0) return;
  const first = new Date(history[0].at).getTime();
  const span = Math.max(1, new Date(history[history.length - 1].at).getTime() - first);
  const points = history.map((h, i) => {
    const x = history.length === 1 ? (left + width - 8) / 2 : left + ((new Date(h.at).getTime() - first) / span) * (width - left - 8);
    const y = height - pad - h.average * (height - 2 * pad);
    return [x, y, i];
  });
  const path = document.createElementNS(svgNs, 'polyline');
  path.setAttribute('points', points.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' '));
  path.setAttribute('class', 'chart-line');
  chart.append(path);
  for (const [x, y] of points) {
    const dot = document.createElementNS(svgNs, 'circle');
    for (const [name, value] of Object.entries({ cx: x.toFixed(1), cy: y.toFixed(1), r: 3, class: 'chart-dot' })) dot.setAttribute(name, String(value));
    chart.append(dot);
  }
  text(left, height - 6, dateText(history[0].at), 'start');
  if (history.length > 1) text(width - 8, height - 6, dateText(history[history.length - 1].at));
  chart.setAttribute('aria-label', t('training.chartLabel', { average: percent(history[history.length - 1].average) }));
}

export async function openLesson(lectureId, title) {
  const section = $('#lesson');
  section.hidden = false;
  $('#lesson-title').textContent = title ?? lectureId;
  const player = $('#lesson-player');
  if (lesson !== lectureId) {
    lesson = lectureId;
    $('#lesson-status').textContent = '';
    try {
      player.src = await recordingUrl(lectureId);
    } catch (failure) {
      $('#lesson-status').textContent = t('training.noRecording');
      return player;
    }
  }
  section.scrollIntoView({ block: 'nearest' });
  return player;
}

// Plays the sentence that teaches something, and stops after it.
export async function playMoment(moment) {
  const player = await openLesson(moment.lectureId, moment.title);
  stopAt = moment.end;
  seek(player, moment.start);
  $('#lesson-status').textContent = t('training.playing', { from: clock(moment.start), to: clock(moment.end), text: moment.text });
}

export async function openQuiz(id) {
  clearError($('#training-error'));
  try {
    quiz = await getJson(`/api/learning/quizzes/${encodeURIComponent(id)}`);
  } catch (failure) {
    fail(failure);
    return;
  }
  const section = $('#quiz-take');
  section.hidden = false;
  $('#quiz-title').textContent = quiz.title;
  $('#quiz-result').hidden = true;
  $('#quiz-items').replaceChildren(...quiz.items.map(renderItem));
  $('#quiz-submit').disabled = false;
  $('#quiz-title').focus();
}

function renderItem(item, index) {
  const name = `item-${item.id}`;
  const started = { at: performance.now() };
  const fieldset = element('fieldset', { className: 'quiz-item', attrs: { 'data-item': String(item.id), 'data-kind': item.kind } }, [
    element('legend', { text: `${index + 1}. ${item.prompt}` }),
  ]);
  fieldset.addEventListener('input', () => { fieldset.dataset.ms = String(Math.round(performance.now() - started.at)); });
  if (item.kind === 'multipleChoice' || item.kind === 'trueFalse') {
    item.choices.forEach((choice, i) => {
      const id = `${name}-${i}`;
      fieldset.append(element('div', { className: 'choice' }, [
        element('input', { attrs: { type: 'radio', name, id, value: String(i) } }),
        element('label', { text: choice, attrs: { for: id } }),
      ]));
    });
  } else if (item.kind === 'matching') {
    item.terms.forEach((term, i) => {
      const id = `${name}-${i}`;
      const select = element('select', { attrs: { id, 'data-term': String(i) } }, [
        element('option', { text: t('training.chooseDefinition'), attrs: { value: '' } }),
        ...item.definitions.map((definition, d) => element('option', { text: definition, attrs: { value: String(d) } })),
      ]);
      fieldset.append(element('div', { className: 'match' }, [element('label', { text: term, attrs: { for: id } }), select]));
    });
  } else {
    const id = `${name}-answer`;
    const input = element('input', { attrs: { id, type: 'text', autocomplete: 'off', maxlength: '500' } });
    input.addEventListener('input', () => { delete fieldset.dataset.mode; });
    const row = element('div', { className: 'row' }, [element('label', { className: 'visually-hidden', text: t('training.yourAnswer'), attrs: { for: id } }), input]);
    if (canRecord()) {
      const voice = element('button', { className: 'voice', text: t('training.speak'), attrs: { type: 'button', 'aria-pressed': 'false' } });
      voice.addEventListener('click', () => toggleVoice(voice, input, fieldset));
      row.append(voice);
    }
    fieldset.append(row, element('p', { className: 'muted heard', attrs: { 'aria-live': 'polite' } }));
  }
  return fieldset;
}

async function toggleVoice(voice, input, fieldset) {
  const heard = $('.heard', fieldset);
  if (recording?.button === voice) {
    const current = recording;
    recording = null;
    voice.setAttribute('aria-pressed', 'false');
    voice.textContent = t('training.speak');
    heard.textContent = t('training.transcribing');
    const { file } = await current.stop();
    const form = new FormData();
    form.append('file', file);
    form.append('language', quiz.language);
    try {
      const result = await postForm('/api/learning/voice', form);
      input.value = result.text;
      fieldset.dataset.mode = 'voice';
      fieldset.dataset.ms = fieldset.dataset.ms ?? '';
      heard.textContent = t('training.heard', { text: result.text || '—' });
    } catch (failure) {
      heard.textContent = failure instanceof ApiError ? String(failure) : t('error.network');
    }
    return;
  }
  try {
    recording = { button: voice, ...(await startRecording()) };
    voice.setAttribute('aria-pressed', 'true');
    voice.textContent = t('training.stopSpeaking');
    heard.textContent = t('training.listening');
  } catch {
    heard.textContent = t('live.noMicrophone');
  }
}

function collect() {
  const answers = [];
  for (const fieldset of document.querySelectorAll('#quiz-items fieldset')) {
    const itemId = Number(fieldset.dataset.item);
    const durationMs = fieldset.dataset.ms ? Number(fieldset.dataset.ms) : undefined;
    const mode = fieldset.dataset.mode === 'voice' ? 'voice' : 'text';
    switch (fieldset.dataset.kind) {
      case 'multipleChoice':
      case 'trueFalse': {
        const picked = $('input[type=radio]:checked', fieldset);
        if (picked) answers.push({ itemId, choice: Number(picked.value), durationMs, mode });
        break;
      }
      case 'matching': {
        const pairs = [...fieldset.querySelectorAll('select')].map((s) => (s.value === '' ? -1 : Number(s.value)));
        if (pairs.some((p) => p >= 0)) answers.push({ itemId, pairs, durationMs, mode });
        break;
      }
      default: {
        const response = $('input[type=text]', fieldset).value.trim();
        if (response) answers.push({ itemId, response, durationMs, mode });
      }
    }
  }
  return answers;
}

async function submit(event) {
  event.preventDefault();
  const answers = collect();
  if (answers.length === 0) {
    showError($('#training-error'), t('training.answerSomething'));
    return;
  }
  $('#quiz-submit').disabled = true;
  try {
    const result = await postJson(`/api/learning/quizzes/${quiz.id}/attempts`, { answers });
    renderResult(result);
    await load();
  } catch (failure) {
    fail(failure);
    $('#quiz-submit').disabled = false;
  }
}

function renderResult(result) {
  const box = $('#quiz-result');
  box.hidden = false;
  $('#quiz-score').textContent = t(result.passed ? 'training.passed' : 'training.failed', { correct: result.correct, total: result.total, score: percent(result.score) });
  $('#quiz-outcomes').replaceChildren(...result.items.map((item, i) => {
    const verdict = !item.answered ? t('training.unanswered') : item.correct ? t('training.right') : t('training.wrong');
    return element('li', { className: item.correct ? 'right' : 'wrong', attrs: { 'data-item': String(item.itemId) } }, [
      element('strong', { text: `${i + 1}. ${verdict}` }),
      ...(item.answered && !item.correct ? [element('span', { text: ` ${t('training.youAnswered', { answer: item.response || '—' })}` })] : []),
      element('p', { text: t('training.correctAnswer', { answer: item.correctAnswer }) }),
      button(t('training.whereTaught'), () => playMoment(item.moment), 'link'),
    ]);
  }));
  $('#quiz-mastery').replaceChildren(...result.mastery.map((change) => element('li', {
    text: t('training.pointChange', { label: change.label, before: percent(change.before), after: percent(change.after) }),
  })));
  $('#quiz-score').focus();
}

export default {
  init(section) {
    const player = $('#lesson-player', section);
    trackPlayback(player, () => lesson);
    player.addEventListener('timeupdate', () => {
      if (stopAt !== null && player.currentTime >= stopAt + 0.3) {
        stopAt = null;
        player.pause();
      }
    });
    player.addEventListener('progressreported', () => load());
    $('#quiz-form', section).addEventListener('submit', submit);
    $('#training-refresh', section).addEventListener('click', load);
    document.addEventListener('languagechange', () => {
      if (!section.hidden) load();
    });
  },
  show: load,
};
