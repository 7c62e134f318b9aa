import { t } from '../i18n.js';
import { ApiError, getJson, postJson, request } from '../api.js';
import { session } from '../session.js';
import { $, clearError, element, showError } from '../ui.js';
import { openLesson, openQuiz } from './training.js';

// Everyone: the mandatory courses assigned to me, what is left to do in each (watch, quiz, attest), reminders, and my
// certificates. Watching and quizzes happen in the learning layer's view; attesting asks for the password again (or a
// fresh single sign-on) and records the exact text.
const errorText = (failure) => (failure instanceof ApiError ? String(failure) : t('error.network'));
const day = (value) => (value ? new Date(value).toLocaleDateString() : '—');
const percent = (share) => `${Math.round((share ?? 0) * 100)} %`;

// Watching and quizzes are the learning layer's own view ("My training"): go there and open the lecture or quiz.
async function inTraining(open) {
  await new Promise((resolve) => {
    window.addEventListener('hashchange', () => setTimeout(resolve), { once: true });
    location.hash = '#/training';
  });
  await open();
}

// Attest: re-enter the password (or sign in again at the identity provider), then sign the course's exact text.
function attestForm(course, box, onDone) {
  const info = session.current();
  const error = element('p', { className: 'error', attrs: { role: 'alert', hidden: '' } });
  const text = element('blockquote', { className: 'attestation', text: course.attestationText });
  const sign = async () => {
    try {
      const completion = await postJson(`/api/compliance/me/training/${course.assignmentId}/attest`, { text: course.attestationText }, { signingIn: true });
      box.replaceChildren(element('p', { className: 'ok', text: t('mandatory.completed', { id: completion.certificateId }) }));
      onDone();
    } catch (failure) {
      showError(error, errorText(failure));
    }
  };
  if (info?.method === 'sso') {
    const again = element('button', { className: 'primary', text: t('mandatory.reauthSso'), attrs: { type: 'button' } });
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
      element('label', { text: t('mandatory.password'), attrs: { for: password.id } }), password]),
    element('button', { className: 'primary', text: t('mandatory.attest'), attrs: { type: 'submit' } })]), error]);
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
  const parts = [t(`mandatory.status.${course.status}`), t('mandatory.due', { date: day(course.dueAt) })];
  if (course.lectureId) parts.push(t('mandatory.watched', { done: percent(course.watchedShare), need: percent(course.requiredWatchShare) }));
  if (course.quizRequired) parts.push(course.quizPassed ? t('mandatory.quizDone', { score: percent(course.quizScore) }) : t('mandatory.quizTodo'));
  if (course.validUntil) parts.push(t('mandatory.validUntil', { date: day(course.validUntil) }));
  return parts.join(' · ');
}

function actionsFor(course, work, refresh) {
  const actions = [];
  if (course.status === 'completed') {
    actions.push(
      element('a', { text: t('mandatory.certificate'), attrs: { href: `/api/compliance/certificates/${course.certificateId}/pdf`, download: '' } }),
      element('a', { text: t('mandatory.verify'), attrs: { href: `/verify/${course.certificateId}`, target: '_blank', rel: 'noopener' } }));
    return actions;
  }
  if (course.lectureId) {
    const play = element('button', { text: t('mandatory.watch'), attrs: { type: 'button' } });
    play.addEventListener('click', () => inTraining(async () => (await openLesson(course.lectureId, course.title)).play().catch(() => {})));
    actions.push(play);
  }
  if (course.quizRequired && !course.quizPassed) {
    const take = element('button', { text: t('mandatory.takeQuiz'), attrs: { type: 'button' } });
    take.addEventListener('click', () => inTraining(() => openQuiz(course.quizId)));
    actions.push(take);
  }
  const attest = element('button', { className: 'primary', text: t('mandatory.attestNow'), attrs: { type: 'button' } });
  attest.disabled = !course.readyToAttest;
  attest.addEventListener('click', () => attestForm(course, work, refresh));
  actions.push(attest);
  return actions;
}

// The courses on show, by assignment: fresh figures update a card in place, so an attestation form or its result
// below the card's buttons stays.
const shown = new Map();

// Loads run one after another, so an answer that comes back late never overwrites a newer one; one that failed does
// not hold up those after it.
let queue = Promise.resolve();
const inTurn = (work) => (queue = queue.catch(() => {}).then(work));

// Fresh figures for the courses on show (after an attestation or a progress report); a course assigned since waits
// for the next visit.
function refresh() {
  return inTurn(async () => {
    const courses = await getJson('/api/compliance/me/training').catch(() => []);
    for (const course of courses) shown.get(course.assignmentId)?.(course);
  });
}

function courseCard(course) {
  const work = element('div', { className: 'course-work' });
  const summary = element('p', { className: 'muted' });
  const actions = element('div', { className: 'row' });
  const update = (fresh) => {
    summary.textContent = facts(fresh);
    actions.replaceChildren(...actionsFor(fresh, work, refresh));
  };
  update(course);
  shown.set(course.assignmentId, update);
  const card = element('article', { className: `card course ${course.status}`, attrs: { 'data-course': course.assignmentId } }, [
    element('h2', { text: course.title }), summary, actions, work]);
  if (sessionStorage.getItem('funasr.attest') === course.assignmentId && course.readyToAttest) attestForm(course, work, refresh);
  return card;
}

const load = (section) => inTurn(async () => {
  const error = $('#mandatory-error', section);
  try {
    const [courses, reminders] = await Promise.all([getJson('/api/compliance/me/training'), getJson('/api/compliance/me/reminders')]);
    clearError(error);
    shown.clear();
    const unread = reminders.filter((r) => !r.readAt);
    $('#mandatory-reminders', section).replaceChildren(...unread.map((r) => {
      const read = element('button', { className: 'link', text: t('mandatory.dismiss'), attrs: { type: 'button' } });
      read.addEventListener('click', async () => {
        await request(`/api/compliance/me/reminders/${r.id}/read`, { method: 'POST' });
        load(section);
      });
      return element('p', { className: 'alert' }, [t(`mandatory.reminder.${r.stage}`, { title: r.title, date: day(r.dueAt) }), ' ', read]);
    }));
    $('#mandatory-courses', section).replaceChildren(...(courses.length ? courses.map(courseCard) : [element('p', { className: 'muted', text: t('mandatory.none') })]));
  } catch (failure) {
    showError(error, errorText(failure));
  }
});

export default {
  init(section) {
    section.append(element('div', { attrs: { id: 'mandatory-reminders', 'aria-live': 'polite' } }),
      element('p', { className: 'error', attrs: { id: 'mandatory-error', role: 'alert', hidden: '' } }),
      element('div', { attrs: { id: 'mandatory-courses' } }));
    // Reminders go out in the person's own working hours: tell the service which zone that is.
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone) request('/api/compliance/me/timezone', { method: 'PUT', json: { timeZone: zone } }).catch(() => {});
    // The player in "My training" goes on playing while this view is open, and a lecture may play in another tab:
    // a report it lands, or a return to this tab, brings the new figures without a reload.
    document.addEventListener('progressreported', () => {
      if (!section.hidden) refresh();
    });
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible' && !section.hidden) refresh();
    });
  },
  show(section) {
    return load(section);
  },
};
