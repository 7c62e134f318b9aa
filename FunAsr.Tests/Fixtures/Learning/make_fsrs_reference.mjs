// Reference review histories for the FSRS scheduler test, computed by ts-fsrs 5.4.2 (npm), the FSRS project's
// TypeScript scheduler: no learning steps, no fuzz, short-term stability on. Run: npm install ts-fsrs@5.4.2 && node make_fsrs_reference.mjs
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { fsrs, generatorParameters, createEmptyCard, Rating } = require('ts-fsrs');

const params = generatorParameters({ enable_fuzz: false, enable_short_term: true, learning_steps: [], relearning_steps: [], maximum_interval: 365 });
const scheduler = fsrs(params);
// Each history: [rating 1-4, hours after the previous review].
const histories = [
  [[3, 0], [3, 72], [3, 240], [4, 600]],
  [[1, 0], [1, 2], [3, 30], [2, 96], [3, 400]],
  [[4, 0], [1, 500], [3, 20], [3, 48]],
  [[2, 0], [3, 5], [3, 26], [1, 200], [4, 30]],
];
const start = new Date(Date.UTC(2026, 0, 1, 9, 0, 0));
const cases = histories.map((history) => {
  let card = createEmptyCard(start);
  let now = start;
  const steps = [];
  for (const [rating, hours] of history) {
    now = new Date(now.getTime() + hours * 3600_000);
    card = scheduler.next(card, now, rating).card;
    steps.push({ rating, hours, stability: card.stability, difficulty: card.difficulty, dueDays: (card.due - now) / 86_400_000 });
  }
  return { steps };
});
writeFileSync(new URL('./fsrs-reference.json', import.meta.url), JSON.stringify({ weights: params.w, retention: params.request_retention, cases }, null, 1) + '\n');
