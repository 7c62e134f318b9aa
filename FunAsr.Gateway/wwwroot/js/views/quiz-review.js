import { ApiError, getJson, postJson, request } from '../api.js';
import { t } from '../i18n.js';
import { clock } from '../transcript.js';
import { $, clearError, element, showError } from '../ui.js';

// Content users: generate a quiz from a lecture, then edit, delete and approve its items and publish it.
let quiz = null;

function fail(failure) {
  showError($('#quizzes-error'), failure instanceof ApiError ? String(failure) : t('error.network'));
}

function button(text, onClick, className = '') {
  const b = element('button', { className, text, attrs: { type: 'button' } });
  b.addEventListener('click', onClick);
  return b;
}

async function load() {
  clearError($('#quizzes-error'));
  try {
    const [lectures, quizzes] = await Promise.all([getJson('/api/qa/lectures'), getJson('/api/learning/quizzes')]);
    $('#quiz-lectures').replaceChildren(...lectures.map((lecture) => {
      const own = quizzes.filter((q) => q.lectureId === lecture.id);
      return element('tr', { attrs: { 'data-lecture': lecture.id } }, [
        element('th', { text: lecture.title || lecture.id, attrs: { scope: 'row' } }),
        element('td', {}, own.map((q) => element('div', {}, [
          button(t('quizzes.open', { status: t(`quizzes.status.${q.status}`), approved: q.approvedItems, items: q.items }), () => openQuiz(q.id), 'link'),
        ]))),
        element('td', {}, [button(t('quizzes.generate'), () => generate(lecture.id), 'primary')]),
      ]);
    }));
    $('#quiz-lectures-empty').hidden = lectures.length > 0;
  } catch (failure) {
    fail(failure);
  }
}

async function generate(lectureId) {
  clearError($('#quizzes-error'));
  $('#quizzes-status').textContent = t('quizzes.generating');
  try {
    quiz = await postJson(`/api/learning/lectures/${encodeURIComponent(lectureId)}/quiz`, {});
    $('#quizzes-status').textContent = t('quizzes.generated', { count: quiz.items.length });
    renderQuiz();
    await load();
  } catch (failure) {
    $('#quizzes-status').textContent = '';
    fail(failure);
  }
}

async function openQuiz(id) {
  try {
    quiz = await getJson(`/api/learning/quizzes/${id}/review`);
    renderQuiz();
  } catch (failure) {
    fail(failure);
  }
}

function renderQuiz() {
  const editor = $('#quiz-editor');
  editor.hidden = false;
  $('#editor-title').textContent = t('quizzes.editorTitle', { title: quiz.title, status: t(`quizzes.status.${quiz.status}`) });
  $('#editor-items').replaceChildren(...quiz.items.map(renderItem));
  $('#editor-title').focus();
}

function lines(values) {
  return (values ?? []).join('\n');
}

function parseLines(text) {
  return text.split('\n').map((line) => line.trim()).filter(Boolean);
}

function renderItem(item) {
  const id = `edit-${item.id}`;
  const prompt = element('textarea', { attrs: { id: `${id}-prompt`, rows: '2' } });
  prompt.value = item.prompt;
  const fields = [element('label', { text: t('quizzes.prompt'), attrs: { for: `${id}-prompt` } }), prompt];
  let read = () => ({ prompt: prompt.value });
  if (item.kind === 'multipleChoice' || item.kind === 'trueFalse') {
    const choices = element('textarea', { attrs: { id: `${id}-choices`, rows: String(item.choices.length) } });
    choices.value = lines(item.choices);
    const correct = element('select', { attrs: { id: `${id}-correct` } }, item.choices.map((c, i) => element('option', { text: c, attrs: { value: String(i) } })));
    correct.value = String(item.correct);
    fields.push(element('label', { text: t('quizzes.choices'), attrs: { for: `${id}-choices` } }), choices,
      element('label', { text: t('quizzes.correct'), attrs: { for: `${id}-correct` } }), correct);
    read = () => ({ prompt: prompt.value, choices: parseLines(choices.value), correct: Number(correct.value) });
  } else if (item.kind === 'cloze' || item.kind === 'shortAnswer') {
    const accepted = element('textarea', { attrs: { id: `${id}-accepted`, rows: '2' } });
    accepted.value = lines(item.accepted);
    fields.push(element('label', { text: t('quizzes.accepted'), attrs: { for: `${id}-accepted` } }), accepted);
    read = () => ({ prompt: prompt.value, accepted: parseLines(accepted.value) });
  } else if (item.kind === 'matching') {
    fields.push(element('ol', { className: 'pairs' }, item.terms.map((term, i) => element('li', { text: `${term} → ${item.definitions[item.pairs[i]]}` }))));
  }
  const status = element('span', { className: item.status === 'approved' ? 'badge' : 'muted', text: t(`quizzes.item.${item.status}`) });
  const message = element('span', { className: 'muted', attrs: { 'aria-live': 'polite' } });
  const save = button(t('quizzes.save'), async () => {
    try {
      const saved = await request(`/api/learning/quizzes/${quiz.id}/items/${item.id}`, { method: 'PUT', json: read() });
      Object.assign(item, await saved.json());
      message.textContent = t('quizzes.saved');
    } catch (failure) {
      message.textContent = String(failure);
    }
  });
  const approve = button(t('quizzes.approve'), async () => {
    try {
      Object.assign(item, await postJson(`/api/learning/quizzes/${quiz.id}/items/${item.id}/approve`, {}));
      status.textContent = t('quizzes.item.approved');
      status.className = 'badge';
    } catch (failure) {
      message.textContent = String(failure);
    }
  });
  const remove = button(t('quizzes.delete'), async () => {
    try {
      await request(`/api/learning/quizzes/${quiz.id}/items/${item.id}`, { method: 'DELETE' });
      quiz.items = quiz.items.filter((i) => i.id !== item.id);
      renderQuiz();
    } catch (failure) {
      message.textContent = String(failure);
    }
  });
  const moment = item.moment;
  return element('li', { className: 'card editor-item', attrs: { 'data-item': String(item.id), 'data-kind': item.kind } }, [
    element('p', { className: 'muted', text: t('quizzes.kind', { kind: t(`quizzes.kinds.${item.kind}`), points: item.points.map((p) => p.label).join(', ') }) }),
    ...fields,
    element('p', { className: 'muted', text: t('quizzes.source', { time: clock(moment.start), text: moment.text }) }),
    element('div', { className: 'row' }, [status, save, approve, remove, message]),
  ]);
}

async function publish() {
  try {
    quiz = await postJson(`/api/learning/quizzes/${quiz.id}/publish`, { approveAll: $('#approve-all').checked });
    renderQuiz();
    $('#quizzes-status').textContent = t('quizzes.published');
    await load();
  } catch (failure) {
    fail(failure);
  }
}

export default {
  init(section) {
    $('#quiz-publish', section).addEventListener('click', publish);
    $('#quizzes-refresh', section).addEventListener('click', load);
  },
  show: load,
};
