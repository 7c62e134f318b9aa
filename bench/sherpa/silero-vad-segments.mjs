// Reference segment boundaries from sherpa-onnx's Silero VAD (sherpa-onnx-node 1.13.8) on the bundled Silero v5.1.2
// weights and real LibriVox recordings (Debian pocketsphinx-testdata). The C# test FunAsr.Tests/Vad/SileroParityTests
// runs the engine's Silero runner on the same audio and settings and asserts every boundary is within 50 ms.
// Usage: node silero-vad-segments.mjs [out.json]   (default: models/testing/vad/sherpa-silero/segments.json)
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const sherpa = require('sherpa-onnx-node');
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const out = process.argv[2] ?? path.join(root, 'models', 'testing', 'vad', 'sherpa-silero', 'segments.json');
const model = path.join(root, 'models', 'bundled', 'silero-vad-v5.1.2', 'silero_vad_v5.onnx');
const librivox = '/usr/share/pocketsphinx/test/data/librivox';
const names = fs.readdirSync(librivox).filter(n => n.endsWith('.wav')).sort();
const sampleRate = 16000;
// The engine's defaults (VadOptions): the settings both sides run with.
const settings = { threshold: 0.5, minSilenceDuration: 0.5, minSpeechDuration: 0.25, maxSpeechDuration: 30, windowSize: 512 };
const gapSeconds = 1.0;

function segments(samples, settings) {
  const vad = new sherpa.Vad({ sileroVad: { model, ...settings }, sampleRate, numThreads: 1, provider: 'cpu', debug: 0 }, 120);
  const found = [];
  const drain = () => {
    while (!vad.isEmpty()) {
      const s = vad.front(false);
      found.push([s.start, s.start + s.samples.length]);
      vad.pop();
    }
  };
  // 512 samples a call, as a live source would feed it.
  for (let i = 0; i + settings.windowSize <= samples.length; i += settings.windowSize) {
    vad.acceptWaveform(samples.subarray(i, i + settings.windowSize));
    drain();
  }
  vad.flush();
  drain();
  return found;
}

const clips = names.map(n => ({ name: n, samples: sherpa.readWave(path.join(librivox, n)).samples }));
const gap = new Float32Array(gapSeconds * sampleRate);
const joinedLength = clips.reduce((a, c) => a + c.samples.length, 0) + gap.length * (clips.length - 1);
const joined = new Float32Array(joinedLength);
let at = 0;
clips.forEach((c, i) => { joined.set(c.samples, at); at += c.samples.length + (i < clips.length - 1 ? gap.length : 0); });

// A second setting with short pauses counting as ends, so boundaries inside sentences are compared too.
const shortPauses = { ...settings, minSilenceDuration: 0.1, threshold: 0.6 };
const cases = clips.map(c => ({ name: c.name, settings, samples: c.samples.length, segments: segments(c.samples, settings) }));
cases.push({ name: 'joined', parts: names, gapSeconds, settings, samples: joined.length, segments: segments(joined, settings) });
cases.push(...clips.map(c => ({ name: c.name, settings: shortPauses, samples: c.samples.length, segments: segments(c.samples, shortPauses) })));
const result = { engine: 'sherpa-onnx-node 1.13.8', model: 'silero_vad_v5.onnx (Silero VAD v5.1.2)', sampleRate, cases };
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, JSON.stringify(result, null, 1) + '\n');
for (const c of cases) console.log(c.name, c.samples, JSON.stringify(c.segments));
