// The engine against sherpa-onnx-node 1.13.8 on the same full-size random-weight replicas and the same audio, in one
// run: each engine is a child process (EngineBench, sherpa-server.mjs) answering one JSON line per command; every round
// runs each of them once, the order reversed every other round (A B B A ...), so drift of the shared machine hits all
// alike. Prints medians, the spread of the per-round engine/sherpa ratios, the CPU-time ratio, tokens/s for Nano and
// each process's peak resident set. Usage (bench/speed/run.sh prepares everything):
//   node compare.mjs [--rounds 7] [--threads 1,2] [--only sensevoice-fp32,sensevoice-int8,nano-int8,nano-batch,load]
//                    [--tokens 32] [--load-rounds 3] [--load-requests 24]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, '..', 'out');
const args = process.argv.slice(2);
const value = (name, fallback) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : fallback; };
const rounds = Number(value('--rounds', '7'));
const threadCounts = value('--threads', '1,2').split(',').map(Number);
const only = value('--only', 'sensevoice-fp32,sensevoice-int8,nano-int8,nano-batch,load').split(',');
const tokens = value('--tokens', '32');
const loadRounds = Number(value('--load-rounds', '3'));
const loadRequests = value('--load-requests', '24');
const librivox = '/usr/share/pocketsphinx/test/data/librivox';
const wavs = fs.readdirSync(librivox).filter(n => n.endsWith('.wav')).sort().map(n => path.join(librivox, n));
const engineDll = path.join(here, 'EngineBench', 'bin', 'Release', 'net10.0', 'EngineBench.dll');
const sv = { funasr: path.join(out, 'sensevoice-fullsize'), sherpa: path.join(out, 'sensevoice-fullsize-sherpa') };
const nano = path.join(out, 'sherpa-funasr-nano-int8-fullsize');

class Child {
  constructor(name, command, argv) {
    this.name = name;
    this.proc = spawn(command, argv, { stdio: ['pipe', 'pipe', 'inherit'] });
    this.lines = readline.createInterface({ input: this.proc.stdout })[Symbol.asyncIterator]();
  }
  async next() {
    for (;;) {
      const { value: line, done } = await this.lines.next();
      if (done) throw new Error(`${this.name} exited`);
      if (line.startsWith('{')) return JSON.parse(line);
    }
  }
  async ask(command) { this.proc.stdin.write(command + '\n'); return this.next(); }
  async close() { this.proc.stdin.write('quit\n'); await new Promise(r => this.proc.on('exit', r)); }
}

const engine = (name, kind, model, threads, extra) =>
  new Child(name, 'dotnet', [engineDll, '--kind', kind, '--model', model, '--threads', String(threads), '--tokens', tokens, ...extra, ...wavs]);
const sherpa = (kind, model, threads, extra) =>
  new Child('sherpa-onnx', 'node', [path.join(here, 'sherpa-server.mjs'), '--kind', kind, '--model', model, '--threads', String(threads), '--tokens', tokens, ...extra, ...wavs]);

const median = xs => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const f = (x, d = 2) => x.toFixed(d);
let sectionLoad = '';
const loadAverage = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

/** Runs `commands` on every child each round, alternating the order; returns samples[child][command] = [answers]. */
async function alternate(children, commands, count = rounds) {
  for (const child of children) for (const command of commands) await child.ask(command); // warm-up
  const samples = children.map(() => Object.fromEntries(commands.map(c => [c, []])));
  for (let r = 0; r < count; r++) {
    const order = children.map((_, i) => i);
    if (r % 2) order.reverse();
    for (const i of order) for (const command of commands) samples[i][command].push(await children[i].ask(command));
  }
  return samples;
}

function ratioRow(label, engineRuns, sherpaRuns, extra = '') {
  const ratios = engineRuns.map((e, i) => e.wallMs / sherpaRuns[i].wallMs);
  const cpu = median(engineRuns.map(e => e.cpuMs)) / median(sherpaRuns.map(s => s.cpuMs));
  return `| ${label} | ${f(median(engineRuns.map(e => e.wallMs)) / 1000)} | ${f(median(sherpaRuns.map(s => s.wallMs)) / 1000)} | ` +
    `**${f(median(ratios))}** | ${f(Math.min(...ratios))}–${f(Math.max(...ratios))} | ${f(cpu)} |${extra}`;
}

async function senseVoice(precision, threads) {
  const int8 = precision === 'int8' ? ['--int8'] : [];
  const children = [
    sherpa('sensevoice', sv.sherpa, threads, int8),
    engine('engine, same file, batch 1', 'sensevoice', sv.sherpa, threads, [...int8, '--batch', '1']),
    engine('engine, same file, length-bucketed batches', 'sensevoice', sv.sherpa, threads, [...int8, '--batch', '8']),
    engine('engine, FunASR export, batch 1', 'sensevoice', sv.funasr, threads, [...int8, '--batch', '1']),
  ];
  const ready = await Promise.all(children.map(c => c.next()));
  const samples = await alternate(children, ['run']);
  const rss = await Promise.all(children.map(c => c.ask('rss')));
  await Promise.all(children.map(c => c.close()));
  console.log(`\n(load average at start of this section ${sectionLoad}, at its end ${loadAverage()})`);
  console.log(`\n### SenseVoiceSmall ${precision}, ${threads} thread(s): ${wavs.length} LibriVox clips, ${f(ready[0].audioSeconds, 1)} s, ${rounds} rounds`);
  console.log('| engine variant | engine s (median) | sherpa s (median) | **engine/sherpa** (median of rounds) | spread | CPU-time ratio | peak RSS engine / sherpa MB |');
  console.log('|---|---|---|---|---|---|---|');
  for (let i = 1; i < children.length; i++) {
    console.log(ratioRow(children[i].name, samples[i].run, samples[0].run, ` ${f(rss[i].peakRssMb, 0)} / ${f(rss[0].peakRssMb, 0)} |`));
  }
}

function tokensPerSecond(runs, singles) {
  // Decode speed from the difference of a full run and a one-token run: (tokens - segments) / (t_run - t_run1).
  const extra = median(runs.map(r => r.tokens)) - median(singles.map(r => r.tokens));
  return extra / ((median(runs.map(r => r.wallMs)) - median(singles.map(r => r.wallMs))) / 1000);
}

async function nanoInt8(threads) {
  const children = [
    sherpa('nano', nano, threads, []),
    engine('engine, sherpa front end (same prompt: all encoder frames)', 'nano', nano, threads, ['--frontend', 'sherpa']),
    engine('engine as shipped (Fun-ASR front end and frame rule)', 'nano', nano, threads, ['--frontend', 'engine']),
  ];
  const ready = await Promise.all(children.map(c => c.next()));
  const samples = await alternate(children, ['run', 'run1']);
  const rss = await Promise.all(children.map(c => c.ask('rss')));
  await Promise.all(children.map(c => c.close()));
  const sherpaRate = tokensPerSecond(samples[0].run, samples[0].run1);
  console.log(`\n(load average at start of this section ${sectionLoad}, at its end ${loadAverage()})`);
  console.log(`\n### Fun-ASR-Nano int8 (sherpa-onnx archive layout), ${threads} thread(s): ${wavs.length} LibriVox clips, ${f(ready[0].audioSeconds, 1)} s, ` +
    `${tokens} new tokens each, ${rounds} rounds`);
  console.log(`sherpa-onnx: ${median(samples[0].run.map(r => r.tokens))} tokens per run, decode ${f(sherpaRate, 1)} tokens/s`);
  console.log('| engine variant | engine s (median) | sherpa s (median) | **engine/sherpa** (median of rounds) | spread | CPU-time ratio | prompt tokens engine | decode tokens/s engine / sherpa | peak RSS engine / sherpa MB |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (let i = 1; i < children.length; i++) {
    const rate = tokensPerSecond(samples[i].run, samples[i].run1);
    console.log(ratioRow(children[i].name, samples[i].run, samples[0].run,
      ` ${median(samples[i].run.map(r => r.promptTokens))} | ${f(rate, 1)} / ${f(sherpaRate, 1)} | ${f(rss[i].peakRssMb, 0)} / ${f(rss[0].peakRssMb, 0)} |`));
  }
}

async function nanoBatch(threads) {
  const child = engine('engine', 'nano', nano, threads, ['--frontend', 'engine', '--rows', '8']);
  await child.next();
  console.log(`\n### Fun-ASR-Nano int8, 8 utterances at once against one at a time (engine only), ${threads} thread(s), ${rounds} rounds`);
  console.log('| utterances | one at a time: tokens/s | 8 concurrent: tokens/s | **aggregate speed-up** (median of rounds) | spread | LLM calls per token (concurrent) | peak RSS MB |');
  console.log('|---|---|---|---|---|---|---|');
  for (const set of ['same', 'mixed']) {
    const commands = [`serial 8 ${set}`, `concurrent 8 ${set}`];
    const samples = (await alternate([child], commands))[0];
    const rate = r => r.tokens / (r.wallMs / 1000);
    const gains = samples[commands[1]].map((c, i) => rate(c) / rate(samples[commands[0]][i]));
    const calls = median(samples[commands[1]].map(r => r.steps / Math.max(1, r.rowSteps)));
    const rss = await child.ask('rss');
    console.log(`| ${set === 'same' ? '8 × the same 5.3 s clip (equal prompts)' : '8 clips of 3.0–7.1 s (5 LibriVox files cycled)'} | ` +
      `${f(median(samples[commands[0]].map(rate)), 1)} | ${f(median(samples[commands[1]].map(rate)), 1)} | **${f(median(gains))}×** | ` +
      `${f(Math.min(...gains))}–${f(Math.max(...gains))} | ${f(calls)} | ${f(rss.peakRssMb, 0)} |`);
  }
  // This section prints its header first, so its load line comes after its table.
  console.log(`\n(load average at start of the section above ${sectionLoad}, at its end ${loadAverage()})`);
  await child.close();
}

async function underLoad(precision, threads) {
  // Cross-request batching at concurrency 16 on mixed 2–30 s requests, on (length buckets, MaxPaddingRatio 1.25) and off,
  // alternately in one process; peak RSS against the goal of model file size × 1.5 + 300 MB.
  const int8 = precision === 'int8' ? ['--int8'] : [];
  const child = engine('engine', 'sensevoice', sv.sherpa, threads, [...int8, '--batch', '8', '--pad', '1.25']);
  await child.next();
  const commands = [`load off ${loadRequests} 16`, `load on ${loadRequests} 16`];
  const samples = (await alternate([child], commands, loadRounds))[0];
  const rss = await child.ask('rss');
  await child.close();
  const rps = runs => median(runs.map(r => r.requestsPerSecond));
  const gains = samples[commands[1]].map((on, i) => on.requestsPerSecond / samples[commands[0]][i].requestsPerSecond);
  const fileMb = fs.statSync(path.join(sv.sherpa, precision === 'int8' ? 'model.int8.onnx' : 'model.onnx')).size / 2 ** 20;
  const first = samples[commands[1]][0];
  console.log(`\n(load average at start of this section ${sectionLoad}, at its end ${loadAverage()})`);
  console.log(`\n### SenseVoiceSmall ${precision} under load, ${threads} thread(s): ${first.requests} requests of 2–30 s ` +
    `(${f(first.audioSeconds, 0)} s), 16 at a time, ${loadRounds} rounds`);
  console.log('| batching off: req/s | batching on: req/s | **on/off** (median of rounds) | spread | runs for the requests (on) | largest batch | peak RSS MB | goal: file × 1.5 + 300 MB |');
  console.log('|---|---|---|---|---|---|---|---|');
  console.log(`| ${f(rps(samples[commands[0]]), 3)} | ${f(rps(samples[commands[1]]), 3)} | **${f(median(gains))}×** | ` +
    `${f(Math.min(...gains))}–${f(Math.max(...gains))} | ${median(samples[commands[1]].map(r => r.runs))} | ` +
    `${Math.max(...samples[commands[1]].map(r => r.largestBatch))} | ${f(rss.peakRssMb, 0)} | ${f(fileMb * 1.5 + 300, 0)} |`);
}

const load = fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
console.log(`# bench/speed/compare.mjs — ${new Date().toISOString()}, ${fs.readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)[1]}, ` +
  `load average at start ${load}`);
for (const threads of threadCounts) {
  if (only.includes('sensevoice-fp32')) { sectionLoad = loadAverage(); await senseVoice('fp32', threads); }
  if (only.includes('sensevoice-int8')) { sectionLoad = loadAverage(); await senseVoice('int8', threads); }
  if (only.includes('nano-int8')) { sectionLoad = loadAverage(); await nanoInt8(threads); }
  if (only.includes('nano-batch')) { sectionLoad = loadAverage(); await nanoBatch(threads); }
}
if (only.includes('load')) {
  for (const precision of ['int8', 'fp32']) { sectionLoad = loadAverage(); await underLoad(precision, Math.max(...threadCounts)); }
}
console.log(`\nload average at end ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
