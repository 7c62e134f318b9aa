import transcribe from './transcribe.js';
import library from './library.js';
import ask from './ask.js';
import live from './live.js';

// One entry per view: `id` names the section (#view-<id>) and the address (#/<id>), `label` its nav string.
// A new view adds its section to index.html, its module here and its strings to i18n.js.
export const views = [
  { id: 'transcribe', label: 'nav.transcribe', module: transcribe },
  { id: 'library', label: 'nav.library', module: library },
  { id: 'ask', label: 'nav.ask', module: ask },
  { id: 'live', label: 'nav.live', module: live },
];
