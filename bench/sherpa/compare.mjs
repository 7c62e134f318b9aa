// RTF of sherpa-onnx (sherpa-onnx-node, its bundled ONNX Runtime) on the sherpa export of the full-size random-weight
// SenseVoiceSmall and the same 8 x 5 s speech-like audio the C# EngineRtfBenchmarks uses; sherpa decodes one stream at
// a time. Usage: node compare.mjs [modelDir] [threads...]   (modelDir defaults to ../out/sensevoice-fullsize-sherpa)
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const sherpa = require('sherpa-onnx-node');
const here = path.dirname(fileURLToPath(import.meta.url));
const modelDir = process.argv[2] ?? path.join(here, '..', 'out', 'sensevoice-fullsize-sherpa');
const threadCounts = process.argv.length > 3 ? process.argv.slice(3).map(Number) : [1, 2];
const sampleRate = 16000;
const segmentSeconds = 5;
const segments = 8;

function speechLike(seconds, seed) {
  const audio = new Float32Array(seconds * sampleRate);
  let state = seed;
  for (let i = 0; i < audio.length; i++) {
    const t = i / sampleRate;
    const f0 = 140 + 40 * Math.sin(2 * Math.PI * 0.5 * t);
    const envelope = Math.max(0, Math.sin(2 * Math.PI * 3 * t));
    state = (state * 1103515245 + 12345) % 2147483648;
    audio[i] = 0.2 * envelope * (Math.sin(2 * Math.PI * f0 * t) + 0.4 * Math.sin(4 * Math.PI * f0 * t)) + 0.002 * (state / 2147483648 - 0.5);
  }
  return audio;
}

const clip = speechLike(segmentSeconds * segments, 7);
const pieces = Array.from({ length: segments }, (_, s) => clip.subarray(s * segmentSeconds * sampleRate, (s + 1) * segmentSeconds * sampleRate));

for (const numThreads of threadCounts) {
  const recognizer = new sherpa.OfflineRecognizer({
    featConfig: { sampleRate, featureDim: 80 },
    modelConfig: {
      senseVoice: { model: path.join(modelDir, 'model.onnx'), language: '', useInverseTextNormalization: 1 },
      tokens: path.join(modelDir, 'tokens.txt'),
      numThreads,
      provider: 'cpu',
      debug: 0,
    },
  });
  const run = () => {
    const started = process.hrtime.bigint();
    for (const samples of pieces) {
      const stream = recognizer.createStream();
      stream.acceptWaveform({ samples, sampleRate });
      recognizer.decode(stream);
      recognizer.getResult(stream);
    }
    return Number(process.hrtime.bigint() - started) / 1e9;
  };
  run();
  const times = [run(), run(), run()];
  const audioSeconds = segmentSeconds * segments;
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  console.log(`sherpa-onnx ${path.basename(modelDir)}: ${numThreads} thread(s), batch 1: mean ${mean.toFixed(3)} s ` +
    `(RTF ${(mean / audioSeconds).toFixed(4)}), best ${Math.min(...times).toFixed(3)} s (RTF ${(Math.min(...times) / audioSeconds).toFixed(4)})`);
}
