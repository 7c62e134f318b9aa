import { t } from '../i18n.js';
import { ApiError, getJson, postJson, request } from '../api.js';
import { readEvents } from '../sse.js';
import { $, clearError, element, showError } from '../ui.js';

// Compliance officers (admins): the alerts inbox, updated live over server-sent events; the tenant's listed customers,
// project code words and terms; mandatory courses; audit reports; the audit chain; retention and legal holds.
let stream = null;
let inbox = [];

const errorText = (failure) => (failure instanceof ApiError ? String(failure) : t('error.network'));
const when = (value) => (value ? new Date(value).toLocaleString() : '—');
const field = (id, label, input) => element('div', { className: 'field' }, [element('label', { text: t(label), attrs: { for: id } }), input]);
const input = (id, attrs = {}) => element('input', { attrs: { id, autocomplete: 'off', ...attrs } });
const button = (text, attrs = {}) => element('button', { text: t(text), attrs: { type: 'button', ...attrs } });

function select(id, options) {
  return element('select', { attrs: { id } }, options.map(([value, label]) => element('option', { text: t(label), attrs: { value } })));
}

function table(caption, headers, rows) {
  return element('div', { className: 'table-wrap' }, [element('table', {}, [
    element('caption', { className: 'visually-hidden', text: t(caption) }),
    element('thead', {}, [element('tr', {}, headers.map((h) => element('th', { text: t(h), attrs: { scope: 'col' } })))]),
    element('tbody', {}, rows),
  ])]);
}

function card(id, title, children) {
  return element('section', { className: 'card', attrs: { 'aria-labelledby': `${id}-title`, id } }, [
    element('h2', { text: t(title), attrs: { id: `${id}-title` } }), ...children,
  ]);
}

// ── Inbox ───────────────────────────────────────────────────────────────────────────────────────────────────────
function alertRow(alert) {
  const acknowledge = button('compliance.acknowledge', { 'aria-label': t('compliance.acknowledgeNamed', { kind: t(`alert.${alert.kind}`) }) });
  acknowledge.addEventListener('click', async () => {
    const note = window.prompt(t('compliance.ackNote')) ?? '';
    try {
      const updated = await postJson(`/api/compliance/alerts/${alert.id}/acknowledge`, { note });
      inbox = inbox.map((a) => (a.id === updated.id ? updated : a));
      renderInbox();
    } catch (failure) {
      showError($('#compliance-inbox-error'), errorText(failure));
    }
  });
  const ack = alert.acknowledgedAt
    ? element('span', { text: t('compliance.ackedBy', { name: alert.acknowledgedByName ?? alert.acknowledgedBy, when: when(alert.acknowledgedAt) }) })
    : acknowledge;
  const at = alert.startTime == null ? '' : ` @ ${Math.floor(alert.startTime / 60)}:${String(Math.floor(alert.startTime % 60)).padStart(2, '0')}`;
  return element('tr', { attrs: { 'data-alert': alert.id, 'data-kind': alert.kind } }, [
    element('td', { text: when(alert.detectedAt) }),
    element('td', {}, [element('span', { className: 'alert-badge', text: t(`alert.${alert.kind}`) })]),
    element('td', { text: `${t(`compliance.source.${alert.source}`)} ${alert.sourceTitle ?? alert.sourceId ?? ''}${at}` }),
    element('td', { className: 'excerpt', text: alert.excerpt }),
    element('td', { text: alert.personName ?? alert.personId ?? '' }),
    element('td', {}, [ack]),
  ]);
}

function renderInbox() {
  const open = inbox.filter((a) => !a.acknowledgedAt).length;
  $('#compliance-inbox-count').textContent = t('compliance.openCount', { count: open });
  $('#compliance-inbox-rows').replaceChildren(...inbox.map(alertRow));
}

async function loadInbox() {
  try {
    inbox = await getJson('/api/compliance/alerts?count=200');
    clearError($('#compliance-inbox-error'));
    renderInbox();
  } catch (failure) {
    showError($('#compliance-inbox-error'), errorText(failure));
  }
}

// New alerts arrive on the stream; after a drop it resumes from the last one it saw (Last-Event-ID is the sequence).
async function follow() {
  if (stream) return;
  stream = new AbortController();
  let after = inbox.reduce((max, a) => Math.max(max, a.sequence), 0);
  while (stream && !stream.signal.aborted) {
    try {
      const response = await request(`/api/compliance/alerts/stream?after=${after}`, { signal: stream.signal, headers: { Accept: 'text/event-stream' } });
      $('#compliance-live').textContent = t('compliance.live');
      for await (const event of readEvents(response)) {
        if (event.event !== 'alert') continue;
        after = Math.max(after, event.data.sequence);
        if (!inbox.some((a) => a.id === event.data.id)) {
          inbox.unshift(event.data);
          renderInbox();
          $('#compliance-announce').textContent = t('compliance.newAlert', { kind: t(`alert.${event.data.kind}`), excerpt: event.data.excerpt });
        }
      }
    } catch (failure) {
      if (failure.name === 'AbortError') return;
      $('#compliance-live').textContent = t('compliance.reconnecting');
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

// ── Listed terms ────────────────────────────────────────────────────────────────────────────────────────────────
async function loadTerms() {
  let terms;
  try {
    terms = await getJson('/api/compliance/terms');
    clearError($('#compliance-terms-error'));
  } catch (failure) {
    showError($('#compliance-terms-error'), errorText(failure));
    return;
  }
  $('#compliance-term-rows').replaceChildren(...terms.map((term) => {
    const remove = button('compliance.remove', { 'aria-label': t('compliance.removeNamed', { name: term.term }) });
    remove.addEventListener('click', async () => {
      await request(`/api/compliance/terms/${term.id}`, { method: 'DELETE' }).catch((failure) => showError($('#compliance-terms-error'), errorText(failure)));
      await loadTerms();
    });
    return element('tr', {}, [element('td', { text: term.term }), element('td', { text: t(`alert.${term.kind}`) }),
      element('td', { text: term.aliases.join('、') }), element('td', { text: term.updatedBy }), element('td', {}, [remove])]);
  }));
}

function termsCard() {
  const form = element('form', { attrs: { id: 'compliance-term-form', novalidate: '' } }, [element('div', { className: 'options' }, [
    field('compliance-term', 'compliance.term', input('compliance-term', { required: '', maxlength: '100' })),
    field('compliance-term-kind', 'compliance.kind', select('compliance-term-kind', [['customer', 'alert.customer'], ['project', 'alert.project'], ['sensitiveTerm', 'alert.sensitiveTerm']])),
    field('compliance-term-aliases', 'compliance.aliases', input('compliance-term-aliases')),
    element('button', { className: 'primary', text: t('compliance.add'), attrs: { type: 'submit' } }),
  ])]);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const aliases = $('#compliance-term-aliases').value.split(/[,，、;；]/).map((a) => a.trim()).filter(Boolean);
    try {
      await postJson('/api/compliance/terms', { term: $('#compliance-term').value, kind: $('#compliance-term-kind').value, aliases });
      form.reset();
      await loadTerms();
    } catch (failure) {
      showError($('#compliance-terms-error'), errorText(failure));
    }
  });
  const tryForm = element('form', { attrs: { id: 'compliance-scan-form', novalidate: '' } }, [element('div', { className: 'options' }, [
    field('compliance-scan-text', 'compliance.tryText', element('textarea', { attrs: { id: 'compliance-scan-text', rows: '2', maxlength: '100000' } })),
    element('button', { text: t('compliance.try'), attrs: { type: 'submit' } }),
  ]), element('p', { attrs: { id: 'compliance-scan-result', 'aria-live': 'polite' } })]);
  tryForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const result = await postJson('/api/compliance/scan', { text: $('#compliance-scan-text').value, redact: 'pii|pci|terms' });
      $('#compliance-scan-result').textContent = `${result.redacted ?? ''} — ${result.findings.map((f) => `${t(`alert.${f.kind}`)} (${Math.round(f.confidence * 100)} %)`).join('、') || t('compliance.nothingFound')}`;
    } catch (failure) {
      showError($('#compliance-terms-error'), errorText(failure));
    }
  });
  return card('compliance-terms', 'compliance.terms', [
    element('p', { className: 'muted', text: t('compliance.termsHelp') }), form,
    element('p', { className: 'error', attrs: { id: 'compliance-terms-error', role: 'alert', hidden: '' } }),
    table('compliance.terms', ['compliance.term', 'compliance.kind', 'compliance.aliases', 'compliance.by', 'admin.actions'], []), tryForm,
  ]);
}

// ── Mandatory courses ───────────────────────────────────────────────────────────────────────────────────────────
async function loadAssignments() {
  let assignments;
  try {
    assignments = await getJson('/api/compliance/assignments');
    clearError($('#compliance-courses-error'));
  } catch (failure) {
    showError($('#compliance-courses-error'), errorText(failure));
    return;
  }
  $('#compliance-course-rows').replaceChildren(...assignments.filter((a) => !a.withdrawnAt).map((a) => {
    const withdraw = button('compliance.withdraw', { 'aria-label': t('compliance.withdrawNamed', { name: a.title }) });
    withdraw.addEventListener('click', async () => {
      await request(`/api/compliance/assignments/${a.id}`, { method: 'DELETE' }).catch((failure) => showError($('#compliance-courses-error'), errorText(failure)));
      await loadAssignments();
    });
    return element('tr', {}, [element('td', { text: a.title }), element('td', { text: `${t(`compliance.target.${a.targetType}`)}: ${a.targetValue}` }),
      element('td', { text: when(a.dueAt) }), element('td', { text: a.retrainingDays ? t('compliance.everyDays', { days: a.retrainingDays }) : '—' }),
      element('td', { text: t('compliance.progressCounts', { done: a.completed, people: a.people, overdue: a.overdue }) }), element('td', {}, [withdraw])]);
  }));
}

// The learning layer's published quizzes, offered by title.
async function loadQuizzes() {
  const quizzes = await getJson('/api/learning/quizzes').catch(() => []);
  $('#course-quiz').replaceChildren(element('option', { text: '—', attrs: { value: '' } }),
    ...quizzes.filter((q) => String(q.status).toLowerCase() === 'published').map((q) => element('option', { text: q.title, attrs: { value: q.id, 'data-lecture': q.lectureId } })));
}

function courseCard() {
  const form = element('form', { attrs: { id: 'compliance-course-form', novalidate: '' } }, [element('div', { className: 'options' }, [
    field('course-title', 'compliance.courseTitle', input('course-title', { required: '', maxlength: '200' })),
    field('course-lecture', 'compliance.lecture', input('course-lecture', { maxlength: '128' })),
    field('course-quiz', 'compliance.quiz', element('select', { attrs: { id: 'course-quiz' } })),
    field('course-target-type', 'compliance.targetType', select('course-target-type', [['department', 'compliance.target.department'], ['role', 'compliance.target.role'], ['person', 'compliance.target.person']])),
    field('course-target', 'compliance.targetValue', input('course-target', { required: '' })),
    field('course-due', 'compliance.due', input('course-due', { type: 'date', required: '' })),
    field('course-retrain', 'compliance.retrainDays', input('course-retrain', { type: 'number', min: '1', max: '3650' })),
    field('course-share', 'compliance.watchShare', input('course-share', { type: 'number', min: '0', max: '100', value: '90' })),
    element('button', { className: 'primary', text: t('compliance.assign'), attrs: { type: 'submit' } }),
  ])]);
  form.addEventListener('change', (event) => {
    if (event.target.id !== 'course-quiz') return;
    const lecture = event.target.selectedOptions[0]?.dataset.lecture;
    if (lecture && !$('#course-lecture').value) $('#course-lecture').value = lecture;
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const due = $('#course-due').value;
    try {
      await postJson('/api/compliance/assignments', {
        title: $('#course-title').value, lectureId: $('#course-lecture').value || null, quizId: $('#course-quiz').value || null,
        targetType: $('#course-target-type').value, targetValue: $('#course-target').value,
        dueAt: due ? new Date(`${due}T23:59:59`).toISOString() : null,
        retrainingDays: $('#course-retrain').value ? Number($('#course-retrain').value) : null,
        requiredWatchShare: $('#course-lecture').value ? Number($('#course-share').value) / 100 : null,
      });
      form.reset();
      await loadAssignments();
    } catch (failure) {
      showError($('#compliance-courses-error'), errorText(failure));
    }
  });
  return card('compliance-courses', 'compliance.courses', [form,
    element('p', { className: 'error', attrs: { id: 'compliance-courses-error', role: 'alert', hidden: '' } }),
    table('compliance.courses', ['compliance.courseTitle', 'compliance.targetValue', 'compliance.due', 'compliance.retrain', 'compliance.progress', 'admin.actions'], []),
  ]);
}

// ── Reports, chain, retention ───────────────────────────────────────────────────────────────────────────────────
async function loadReports() {
  const reports = await getJson('/api/compliance/reports').catch((failure) => {
    showError($('#compliance-reports-error'), errorText(failure));
    return [];
  });
  $('#compliance-report-rows').replaceChildren(...reports.map((r) => element('tr', { attrs: { 'data-report': r.id } }, [
    element('td', { text: when(r.createdAt) }), element('td', { text: r.title }), element('td', { text: `${when(r.from)} – ${when(r.to)}` }),
    element('td', { text: t('compliance.reportCounts', { findings: r.summary.findings, completions: r.summary.completions, overdue: r.summary.overdue }) }),
    element('td', {}, ['pdf', 'csv', 'xlsx'].map((format) => element('a', { text: format.toUpperCase(), attrs: { href: `/api/compliance/reports/${r.id}/${format}`, download: '', class: 'report-link' } }))),
  ])));
}

function reportCard() {
  const form = element('form', { attrs: { id: 'compliance-report-form', novalidate: '' } }, [element('div', { className: 'options' }, [
    field('report-from', 'compliance.from', input('report-from', { type: 'date' })),
    field('report-to', 'compliance.to', input('report-to', { type: 'date' })),
    field('report-department', 'admin.department', input('report-department')),
    field('report-lecture', 'compliance.lecture', input('report-lecture')),
    element('button', { className: 'primary', text: t('compliance.generate'), attrs: { type: 'submit' } }),
  ])]);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const day = (id, end) => ($(id).value ? new Date(`${$(id).value}T${end ? '23:59:59' : '00:00:00'}`).toISOString() : null);
    try {
      await postJson('/api/compliance/reports', { from: day('#report-from'), to: day('#report-to', true), department: $('#report-department').value || null, lectureId: $('#report-lecture').value || null });
      clearError($('#compliance-reports-error'));
      await loadReports();
    } catch (failure) {
      showError($('#compliance-reports-error'), errorText(failure));
    }
  });
  return card('compliance-reports', 'compliance.reports', [form,
    element('p', { className: 'error', attrs: { id: 'compliance-reports-error', role: 'alert', hidden: '' } }),
    table('compliance.reports', ['compliance.created', 'compliance.report', 'compliance.period', 'compliance.contents', 'compliance.files'], []),
  ]);
}

function chainCard() {
  const verify = button('compliance.verify', { id: 'compliance-verify' });
  verify.addEventListener('click', async () => {
    const out = $('#compliance-chain');
    try {
      const result = await getJson('/api/compliance/audit/verify');
      out.className = result.valid ? 'ok' : 'error';
      const verdict = result.valid ? t('compliance.chainOk', { rows: result.rowsChecked })
        // A checkpoint whose signature fails names no row: the message says what disagrees instead.
        : result.firstBrokenSequence == null ? t('compliance.chainUnanchored', { problem: result.problem })
          : t('compliance.chainBroken', { row: result.firstBrokenSequence, problem: result.problem });
      const anchors = result.anchors ? ' ' + t('compliance.anchorsChecked', { matched: result.anchors.matched, checkpoints: result.anchors.checkpoints }) : '';
      out.textContent = verdict + anchors;
    } catch (failure) {
      out.className = 'error';
      out.textContent = errorText(failure);
    }
  });
  return card('compliance-audit', 'compliance.audit', [element('p', { className: 'muted', text: t('compliance.auditHelp') }), verify,
    element('p', { attrs: { id: 'compliance-chain', role: 'status' } })]);
}

async function loadRetention() {
  const [policies, holds] = await Promise.all([getJson('/api/compliance/retention'), getJson('/api/compliance/holds')]).catch((failure) => {
    showError($('#compliance-retention-error'), errorText(failure));
    return [[], []];
  });
  $('#compliance-policy-rows').replaceChildren(...policies.map((p) => {
    const days = input(`retention-${p.dataType}`, { type: 'number', min: '1', max: '36500', value: p.days ?? '', 'aria-label': t('compliance.daysFor', { type: t(`compliance.data.${p.dataType}`) }) });
    const save = button('compliance.save');
    save.addEventListener('click', async () => {
      try {
        await request(`/api/compliance/retention/${p.dataType}`, { method: 'PUT', json: { days: days.value ? Number(days.value) : null } });
        clearError($('#compliance-retention-error'));
        await loadRetention();
      } catch (failure) {
        showError($('#compliance-retention-error'), errorText(failure));
      }
    });
    return element('tr', {}, [element('td', { text: t(`compliance.data.${p.dataType}`) }), element('td', {}, [days]), element('td', { text: p.enforcedBy }), element('td', {}, [save])]);
  }));
  $('#compliance-hold-rows').replaceChildren(...holds.map((h) => {
    const release = button('compliance.release', { 'aria-label': t('compliance.releaseNamed', { name: h.subjectId }) });
    release.addEventListener('click', async () => {
      await request(`/api/compliance/holds/${h.id}/release`, { method: 'POST' });
      await loadRetention();
    });
    return element('tr', {}, [element('td', { text: `${t(`compliance.hold.${h.subjectType}`)}: ${h.subjectId}` }), element('td', { text: h.reason }),
      element('td', { text: `${h.placedBy}, ${when(h.placedAt)}` }), element('td', {}, [release])]);
  }));
}

function retentionCard() {
  const form = element('form', { attrs: { id: 'compliance-hold-form', novalidate: '' } }, [element('div', { className: 'options' }, [
    field('hold-type', 'compliance.holdOn', select('hold-type', [['lecture', 'compliance.hold.lecture'], ['person', 'compliance.hold.person']])),
    field('hold-subject', 'compliance.holdSubject', input('hold-subject', { required: '' })),
    field('hold-reason', 'compliance.holdReason', input('hold-reason', { required: '', maxlength: '1000' })),
    element('button', { text: t('compliance.placeHold'), attrs: { type: 'submit' } }),
  ])]);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await postJson('/api/compliance/holds', { subjectType: $('#hold-type').value, subjectId: $('#hold-subject').value, reason: $('#hold-reason').value });
      form.reset();
      await loadRetention();
    } catch (failure) {
      showError($('#compliance-retention-error'), errorText(failure));
    }
  });
  return card('compliance-retention', 'compliance.retention', [
    element('p', { className: 'error', attrs: { id: 'compliance-retention-error', role: 'alert', hidden: '' } }),
    table('compliance.retention', ['compliance.dataType', 'compliance.keepDays', 'compliance.enforcedBy', 'admin.actions'], []),
    element('h3', { text: t('compliance.holds') }), form,
    table('compliance.holds', ['compliance.holdSubject', 'compliance.holdReason', 'compliance.placed', 'admin.actions'], []),
  ]);
}

export default {
  init(section) {
    const inboxCard = card('compliance-inbox', 'compliance.inbox', [
      element('div', { className: 'row spread' }, [element('p', { attrs: { id: 'compliance-inbox-count' } }), element('p', { className: 'muted', attrs: { id: 'compliance-live', role: 'status' } })]),
      element('p', { className: 'visually-hidden', attrs: { id: 'compliance-announce', 'aria-live': 'assertive' } }),
      element('p', { className: 'error', attrs: { id: 'compliance-inbox-error', role: 'alert', hidden: '' } }),
      table('compliance.inbox', ['admin.when', 'compliance.kind', 'compliance.where', 'compliance.excerpt', 'compliance.who', 'compliance.acknowledged'], []),
    ]);
    section.append(inboxCard, termsCard(), courseCard(), reportCard(), chainCard(), retentionCard());
    // The tables' bodies, by the ids the loaders fill.
    const bodies = section.querySelectorAll('tbody');
    ['compliance-inbox-rows', 'compliance-term-rows', 'compliance-course-rows', 'compliance-report-rows', 'compliance-policy-rows', 'compliance-hold-rows']
      .forEach((id, i) => bodies[i].setAttribute('id', id));
  },
  async show() {
    await loadInbox();
    follow();
    await Promise.all([loadTerms(), loadQuizzes(), loadAssignments(), loadReports(), loadRetention()]);
  },
};
