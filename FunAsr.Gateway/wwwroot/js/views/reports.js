import { ApiError, getJson } from '../api.js';
import { t } from '../i18n.js';
import { session } from '../session.js';
import { $, clearError, element, showError } from '../ui.js';

// Managers and trainers: completion, mastery and the most-asked questions per department and lecture, with downloads.
function percent(value) {
  return `${Math.round((value ?? 0) * 100)}%`;
}

function query() {
  const department = $('#report-department').value;
  return department ? `?department=${encodeURIComponent(department)}` : '';
}

async function load() {
  clearError($('#reports-error'));
  let report;
  try {
    report = await getJson(`/api/learning/reports${query()}`);
  } catch (failure) {
    showError($('#reports-error'), failure instanceof ApiError ? String(failure) : t('error.network'));
    return;
  }
  const select = $('#report-department');
  if (session.allows('admin') && select.options.length <= 1) {
    select.append(...report.departments.map((d) => element('option', { text: d, attrs: { value: d } })));
  }
  $('#report-filter').hidden = !session.allows('admin');
  $('#report-lectures').replaceChildren(...report.lectures.map((row) => element('tr', { attrs: { 'data-department': row.department, 'data-lecture': row.lectureId } }, [
    element('td', { text: row.department }),
    element('th', { text: row.title, attrs: { scope: 'row' } }),
    element('td', { text: `${row.completed} / ${row.learners}` }),
    element('td', {}, [
      element('progress', { attrs: { max: '1', value: String(row.completionRate), 'aria-label': percent(row.completionRate) } }),
      element('span', { text: ` ${percent(row.completionRate)}` }),
    ]),
    element('td', { text: percent(row.averageMastery) }),
    element('td', { text: row.quizTakers ? percent(row.quizPassRate) : '—' }),
    element('td', { text: String(row.questions) }),
  ])));
  $('#report-lectures-empty').hidden = report.lectures.length > 0;
  $('#report-questions').replaceChildren(...report.questions.map((q) => element('tr', {}, [
    element('td', { text: q.department }),
    element('th', { text: q.question, attrs: { scope: 'row' } }),
    element('td', { text: String(q.asked) }),
    element('td', { text: q.answer }),
  ])));
  $('#report-questions-empty').hidden = report.questions.length > 0;
  const suffix = query();
  $('#report-csv').href = `/api/learning/reports/lectures.csv${suffix}`;
  $('#report-questions-csv').href = `/api/learning/reports/questions.csv${suffix}`;
  $('#report-xlsx').href = `/api/learning/reports/report.xlsx${suffix}`;
}

export default {
  init(section) {
    $('#report-department', section).addEventListener('change', load);
    $('#reports-refresh', section).addEventListener('click', load);
  },
  show: load,
};
