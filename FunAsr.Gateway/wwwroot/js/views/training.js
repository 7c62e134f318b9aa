import { t } from '../i18n.js';
import { ApiError, getJson, postJson, request } from '../api.js';
import { session } from '../session.js';
import { $, clearError, element, showError } from '../ui.js';

// Everyone: the mandatory courses assigned to me, what is left to do in each (watch, quiz, attest), reminders, and my
// certificates. Playback is reported to the learning layer, quizzes are the learning layer's; attesting asks for the
// password again (or a fresh single sign-on) and records the exact text.
const reportEvery = 10;
const errorText = (failure) => (failure instanceof ApiError ? String(failure) : t('error.network'));
const day = (value) => (value ? new Date(value).toLocaleDateString() : '—');
const percent = (share) => `${Math.round((share ?? 0) * 100)} %`;

// Playback of a lecture, reported in stretches as it plays: a seek starts a new stretch, so skipping counts nothing.
function player(course, onProgress) {
  const audio = element('audio', { attrs: { controls: '', preload: 'metadata', src: `/api/asr/recordings/${encodeURIComponent(course.lectureId)}` } });
  let from = null;
  const flush = async () => {
    const to = audio.currentTime;
    if (from === null || to - from < 0.5) return;
    const stretch = { lectureId: course.lectureId, from, to, duration: Number.isFinite(audio.duration) ? audio.duration : null };
    from = to;
    try {
      await request('/api/learning/progress', { method: 'POST', json: stretch });
      onProgress();
    } catch {
      // The next stretch reports again from here; nothing is claimed that was not played.
    }
  };
  audio.addEventListener('play', () => { from = audio.currentTime; });
  audio.addEventListener('seeking', () => { flush(); from = null; });
  audio.addEventListener('seeked', () => { if (!audio.paused) from = audio.currentTime; });
  audio.addEventListener('timeupdate', () => { if (from !== null && audio.currentTime - from >= reportEvery) flush(); });
  audio.addEventListener('pause', flush);
  audio.addEventListener('ended', flush);
  return audio;
}

// A published quiz as the learning layer serves it (no answers), answered here and graded there.
async function quiz(course, box, onDone) {
  const view = await getJson(`/api/learning/quizzes/${course.quizId}`);
  const form = element('form', { attrs: { novalidate: '', 'data-quiz': view.id } });
  const answers = [];
  view.items.forEach((item, index) => {
    const name = `q-${view.id}-${item.id}`;
    const legend = element('legend', { text: `${index + 1}. ${item.prompt}` });
    let controls;
    if (item.choices?.length) {
      controls = item.choices.map((choice, i) => element('label', { className: 'choice' }, [
        element('input', { attrs: { type: 'radio', name, value: String(i) } }), ` ${choice}`]));
      answers.push(() => ({ itemId: item.id, choice: form.querySelector(`input[name="${name}"]:checked`) ? Number(form.querySelector(`input[name="${name}"]:checked`).value) : null }));
    } else if (item.terms?.length) {
      controls = item.terms.map((term, i) => element('label', { className: 'choice' }, [`${term} → `,
        element('select', { attrs: { name: `${name}-${i}` } }, (item.definitions ?? []).map((d, j) => element('option', { text: d, attrs: { value: String(j) } })))]));
      answers.push(() => ({ itemId: item.id, pairs: item.terms.map((_, i) => Number(form.querySelector(`select[name="${name}-${i}"]`).value)) }));
    } else {
      controls = [element('input', { attrs: { type: 'text', name, 'aria-label': item.prompt, autocomplete: 'off' } })];
      answers.push(() => ({ itemId: item.id, response: form.querySelector(`input[name="${name}"]`).value }));
    }
    form.append(element('fieldset', {}, [legend, ...controls]));
  });
  form.append(element('button', { className: 'primary', text: t('training.submitQuiz'), attrs: { type: 'submit' } }));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const result = await postJson(`/api/learning/quizzes/${view.id}/attempts`, { answers: answers.map((a) => a()) });
      box.replaceChildren(element('p', { className: result.passed ? 'ok' : 'alert', text: t(result.passed ? 'training.quizPassed' : 'training.quizFailed', { score: percent(result.score), pass: percent(view.passScore) }) }));
      onDone();
    } catch (failure) {
      box.append(element('p', { className: 'error', text: errorText(failure) }));
    }
  });
  box.replaceChildren(form);
}

// Attest: re-enter the password (or sign in again at the identity provider), then sign the course's exact text.
function attestForm(course, box, onDone) {
  const info = session.current();
  const error = element('p', { className: 'error', attrs: { role: 'alert', hidden: '' } });
  const text = element('blockquote', { className: 'attestation', text: course.attestationText });
  const sign = async () => {
    try {
      const completion = await postJson(`/api/compliance/me/training/${course.assignmentId}/attest`, { text: course.attestationText }, { signingIn: true });
      box.replaceChildren(element('p', { className: 'ok', text: t('training.completed', { id: completion.certificateId }) }));
      onDone();
    } catch (failure) {
      showError(error, errorText(failure));
    }
  };
  if (info?.method === 'sso') {
    const again = element('button', { className: 'primary', text: t('training.reauthSso'), attrs: { type: 'button' } });
    again.addEventListener('click', () => {
      sessionStorage.setItem('funasr.attest', course.assignmentId);
      location.href = `/api/account/sso?prompt=login&returnUrl=${encodeURIComponent('/#/training')}`;
    });
    box.replaceChildren(text, again, error);
    if (sessionStorage.getItem('funasr.attest') === course.assignmentId) {
      sessionStorage.removeItem('funasr.attest');
      sign();
    }
    return;
  }
  const password = element('input', { attrs: { type: 'password', id: `attest-password-${course.assignmentId}`, autocomplete: 'current-password', required: '' } });
  const form = element('form', { attrs: { novalidate: '', 'data-attest': course.assignmentId } }, [text,
    element('div', { className: 'options' }, [element('div', { className: 'field' }, [
      element('label', { text: t('training.password'), attrs: { for: password.id } }), password]),
    element('button', { className: 'primary', text: t('training.attest'), attrs: { type: 'submit' } })]), error]);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearError(error);
    try {
      await postJson('/api/account/login', { userName: info.name, password: password.value }, { signingIn: true });
    } catch (failure) {
      showError(error, errorText(failure));
      return;
    }
    password.value = '';
    await sign();
  });
  box.replaceChildren(form);
}

function facts(course) {
  const parts = [t(`training.status.${course.status}`), t('training.due', { date: day(course.dueAt) })];
  if (course.lectureId) parts.push(t('training.watched', { done: percent(course.watchedShare), need: percent(course.requiredWatchShare) }));
  if (course.quizRequired) parts.push(course.quizPassed ? t('training.quizDone', { score: percent(course.quizScore) }) : t('training.quizTodo'));
  if (course.validUntil) parts.push(t('training.validUntil', { date: day(course.validUntil) }));
  return parts.join(' · ');
}

function actionsFor(course, work, refresh) {
  const actions = [];
  if (course.status === 'completed') {
    actions.push(
      element('a', { text: t('training.certificate'), attrs: { href: `/api/compliance/certificates/${course.certificateId}/pdf`, download: '' } }),
      element('a', { text: t('training.verify'), attrs: { href: `/verify/${course.certificateId}`, target: '_blank', rel: 'noopener' } }));
    return actions;
  }
  if (course.lectureId) {
    const play = element('button', { text: t('training.watch'), attrs: { type: 'button' } });
    play.addEventListener('click', () => {
      const audio = player(course, refresh);
      work.replaceChildren(audio);
      audio.play().catch(() => {});
    });
    actions.push(play);
  }
  if (course.quizRequired && !course.quizPassed) {
    const take = element('button', { text: t('training.takeQuiz'), attrs: { type: 'button' } });
    take.addEventListener('click', () => quiz(course, work, refresh).catch((failure) => work.replaceChildren(element('p', { className: 'error', text: errorText(failure) }))));
    actions.push(take);
  }
  const attest = element('button', { className: 'primary', text: t('training.attestNow'), attrs: { type: 'button' } });
  attest.disabled = !course.readyToAttest;
  attest.addEventListener('click', () => attestForm(course, work, refresh));
  actions.push(attest);
  return actions;
}

// One course. Progress (a stretch played, a quiz graded, an attestation) refreshes its facts and buttons in place,
// so the player or the result shown below them stays where it is.
function courseCard(course) {
  const work = element('div', { className: 'course-work' });
  const summary = element('p', { className: 'muted', text: facts(course) });
  const actions = element('div', { className: 'row' });
  const refresh = async () => {
    const fresh = (await getJson('/api/compliance/me/training').catch(() => [])).find((c) => c.assignmentId === course.assignmentId);
    if (!fresh) return;
    summary.textContent = facts(fresh);
    actions.replaceChildren(...actionsFor(fresh, work, refresh));
  };
  actions.replaceChildren(...actionsFor(course, work, refresh));
  const card = element('article', { className: `card course ${course.status}`, attrs: { 'data-course': course.assignmentId } }, [
    element('h2', { text: course.title }), summary, actions, work]);
  if (sessionStorage.getItem('funasr.attest') === course.assignmentId && course.readyToAttest) attestForm(course, work, refresh);
  return card;
}

async function load(section) {
  const error = $('#training-error', section);
  try {
    const [courses, reminders] = await Promise.all([getJson('/api/compliance/me/training'), getJson('/api/compliance/me/reminders')]);
    clearError(error);
    const unread = reminders.filter((r) => !r.readAt);
    $('#training-reminders', section).replaceChildren(...unread.map((r) => {
      const read = element('button', { className: 'link', text: t('training.dismiss'), attrs: { type: 'button' } });
      read.addEventListener('click', async () => {
        await request(`/api/compliance/me/reminders/${r.id}/read`, { method: 'POST' });
        load(section);
      });
      return element('p', { className: 'alert' }, [t(`training.reminder.${r.stage}`, { title: r.title, date: day(r.dueAt) }), ' ', read]);
    }));
    $('#training-courses', section).replaceChildren(...(courses.length ? courses.map(courseCard) : [element('p', { className: 'muted', text: t('training.none') })]));
  } catch (failure) {
    showError(error, errorText(failure));
  }
}

export default {
  init(section) {
    section.append(element('div', { attrs: { id: 'training-reminders', 'aria-live': 'polite' } }),
      element('p', { className: 'error', attrs: { id: 'training-error', role: 'alert', hidden: '' } }),
      element('div', { attrs: { id: 'training-courses' } }));
    // Reminders go out in the person's own working hours: tell the service which zone that is.
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone) request('/api/compliance/me/timezone', { method: 'PUT', json: { timeZone: zone } }).catch(() => {});
  },
  show(section) {
    return load(section);
  },
};
