import transcribe from './transcribe.js';
import library from './library.js';
import ask from './ask.js';
import live from './live.js';
import admin from './admin.js';
import training from './training.js';
import quizReview from './quiz-review.js';
import graph from './graph.js';
import reports from './reports.js';
import mandatory from './mandatory.js';
import compliance from './compliance.js';

// One entry per view: `id` names the section (#view-<id>) and the address (#/<id>), `label` its nav string, `role`
// the least role that sees it (the services check again; this only keeps the page from offering what would be refused).
// A new view adds its section to index.html, its module here and its strings to i18n.js.
export const views = [
  { id: 'transcribe', label: 'nav.transcribe', module: transcribe, role: 'content' },
  { id: 'library', label: 'nav.library', module: library, role: 'employee' },
  { id: 'ask', label: 'nav.ask', module: ask, role: 'employee' },
  { id: 'live', label: 'nav.live', module: live, role: 'employee' },
  { id: 'training', label: 'nav.training', module: training, role: 'employee' },
  { id: 'graph', label: 'nav.graph', module: graph, role: 'employee' },
  { id: 'quizzes', label: 'nav.quizzes', module: quizReview, role: 'content' },
  { id: 'reports', label: 'nav.reports', module: reports, role: 'content' },
  { id: 'mandatory', label: 'nav.mandatory', module: mandatory, role: 'employee' },
  // Admins act as compliance officers (the roles are one ladder; see docs/compliance.md).
  { id: 'compliance', label: 'nav.compliance', module: compliance, role: 'admin' },
  { id: 'admin', label: 'nav.admin', module: admin, role: 'admin' },
];
