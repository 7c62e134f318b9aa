import { ApiError, getJson, postJson } from '../api.js';
import { language, t } from '../i18n.js';
import { trackPlayback } from '../learning-progress.js';
import { recordingUrl, seek } from '../media.js';
import { session } from '../session.js';
import { clock } from '../transcript.js';
import { $, clearError, element, showError } from '../ui.js';

// The knowledge graph: concepts of the library (coloured by the viewer's mastery), prerequisite and related edges;
// a click on a concept lists where it is taught and plays it. Content users confirm or reject suggested prerequisites.
// cytoscape.js (vendor/cytoscape, 3.34.4) is loaded the first time the view opens.
let cy = null;
let loading = null;
let playingLecture = null;
let stopAt = null;

function fail(failure) {
  showError($('#graph-error'), failure instanceof ApiError ? String(failure) : t('error.network'));
}

function loadLibrary() {
  if (window.cytoscape) return Promise.resolve(window.cytoscape);
  // cytoscape adds a <style> element unless one with this id exists; the page's CSP allows none, so app.css carries
  // its one rule and this marker tells cytoscape it is there.
  if (!document.getElementById('__________cytoscape_stylesheet')) {
    document.head.append(element('meta', { attrs: { id: '__________cytoscape_stylesheet', name: 'cytoscape-styles', content: 'css/app.css' } }));
  }
  loading ??= new Promise((resolve, reject) => {
    const script = element('script', { attrs: { src: 'vendor/cytoscape/cytoscape.min.js' } });
    script.addEventListener('load', () => resolve(window.cytoscape));
    script.addEventListener('error', () => reject(new Error('cytoscape did not load')));
    document.head.append(script);
  });
  return loading;
}

function colour(node) {
  if (node.mastered) return '#2e7d32';
  if (node.known === null || node.known === undefined) return '#90a4ae';
  return node.known >= 0.6 ? '#f9a825' : '#ef6c00';
}

async function load() {
  clearError($('#graph-error'));
  let graph;
  try {
    const [cytoscape, data] = await Promise.all([loadLibrary(), getJson('/api/learning/graph')]);
    graph = data;
    const elements = [
      ...graph.nodes.map((n) => ({ data: { id: `n${n.id}`, point: n.id, label: n.label, colour: colour(n), size: 24 + 8 * Math.min(4, n.lectures) } })),
      ...graph.edges.map((e) => ({ data: { id: e.id, source: `n${e.source}`, target: `n${e.target}`, kind: e.kind, status: e.status ?? '' } })),
    ];
    cy?.destroy();
    cy = cytoscape({
      container: $('#graph-canvas'),
      elements,
      wheelSensitivity: 0.3,
      layout: { name: 'cose', animate: false, padding: 24, nodeRepulsion: 9000 },
      style: [
        { selector: 'node', style: { label: 'data(label)', 'background-color': 'data(colour)', width: 'data(size)', height: 'data(size)', 'font-size': 12, 'text-valign': 'bottom', 'text-margin-y': 4 } },
        { selector: 'node:selected', style: { 'border-width': 3, 'border-color': '#1565c0' } },
        { selector: 'edge[kind = "prerequisite"]', style: { 'curve-style': 'bezier', 'target-arrow-shape': 'triangle', width: 2, 'line-color': '#546e7a', 'target-arrow-color': '#546e7a' } },
        { selector: 'edge[status = "suggested"]', style: { 'line-style': 'dashed' } },
        { selector: 'edge[kind = "related"]', style: { width: 1, 'line-color': '#cfd8dc', 'curve-style': 'haystack' } },
      ],
    });
    cy.on('tap', 'node', (event) => showPoint(event.target.data('point')));
  } catch (failure) {
    fail(failure);
    return;
  }
  $('#graph-empty').hidden = graph.nodes.length > 0;
  $('#graph-concepts').replaceChildren(...graph.nodes.map((n) => {
    const b = element('button', { className: 'link', text: n.label, attrs: { type: 'button', 'data-point': String(n.id) } });
    b.addEventListener('click', () => {
      cy.$(`#n${n.id}`).select();
      showPoint(n.id);
    });
    return element('li', {}, [b]);
  }));
  if (session.allows('content')) await loadSuggestions();
}

async function showPoint(id) {
  let point;
  try {
    point = await getJson(`/api/learning/points/${id}`);
  } catch (failure) {
    fail(failure);
    return;
  }
  const panel = $('#graph-detail');
  panel.hidden = false;
  $('#point-title').textContent = point.label;
  $('#point-definition').textContent = point.definition ?? '';
  $('#point-prerequisites').textContent = point.prerequisites.length
    ? t('graph.prerequisites', { list: point.prerequisites.map((p) => p.label).join(language() === 'zh' ? '、' : ', ') })
    : '';
  $('#point-taught').replaceChildren(...point.taughtIn.map((taught) => {
    const moments = [taught.definition, ...taught.mentions].filter(Boolean);
    return element('li', { attrs: { 'data-lecture': taught.lectureId } }, [
      element('strong', { text: taught.title }),
      element('ul', {}, moments.map((m) => {
        const play = element('button', { className: 'link time', text: `▶ ${clock(m.start)}`, attrs: { type: 'button' } });
        play.addEventListener('click', () => playMoment(taught.lectureId, taught.title, m));
        return element('li', {}, [play, element('span', { text: ` ${m.text}` })]);
      })),
    ]);
  }));
  $('#point-title').focus();
}

async function playMoment(lectureId, title, moment) {
  const player = $('#graph-player');
  try {
    if (playingLecture !== lectureId) {
      player.src = await recordingUrl(lectureId);
      playingLecture = lectureId;
    }
  } catch (failure) {
    $('#graph-playing').textContent = t('training.noRecording');
    return;
  }
  player.hidden = false;
  stopAt = moment.end;
  seek(player, moment.start);
  $('#graph-playing').textContent = t('graph.playing', { title, from: clock(moment.start), to: clock(moment.end) });
}

async function loadSuggestions() {
  const list = $('#graph-suggestions');
  const section = $('#graph-review');
  try {
    const edges = await getJson('/api/learning/prerequisites?status=suggested');
    section.hidden = false;
    $('#graph-suggestions-empty').hidden = edges.length > 0;
    list.replaceChildren(...edges.map((edge) => {
      const decide = (decision) => async () => {
        try {
          await postJson(`/api/learning/prerequisites/${edge.id}/decision`, { decision });
          await load();
        } catch (failure) {
          fail(failure);
        }
      };
      const confirm = element('button', { text: t('graph.confirm'), attrs: { type: 'button' } });
      confirm.addEventListener('click', decide('confirm'));
      const reject = element('button', { text: t('graph.reject'), attrs: { type: 'button' } });
      reject.addEventListener('click', decide('reject'));
      return element('li', { attrs: { 'data-edge': String(edge.id) } }, [
        element('span', { text: t('graph.suggestion', { before: edge.prerequisite, after: edge.point, evidence: Math.round(edge.evidence * 100) }) }),
        confirm, reject,
      ]);
    }));
  } catch (failure) {
    fail(failure);
  }
}

export default {
  init(section) {
    const player = $('#graph-player', section);
    trackPlayback(player, () => playingLecture);
    player.addEventListener('timeupdate', () => {
      if (stopAt !== null && player.currentTime >= stopAt + 0.3) {
        stopAt = null;
        player.pause();
      }
    });
    $('#graph-refresh', section).addEventListener('click', load);
  },
  show: load,
};
