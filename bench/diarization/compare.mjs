// sherpa-onnx's speaker diarization (sherpa-onnx-node, its bundled ONNX Runtime) on the same segmentation and embedding
// ONNX files and WAV as the C# benchmark: prints one JSON line with the turns and the wall time of process().
// Usage: node compare.mjs <wav> <segmentation.onnx> <embedding.onnx> [threads] [numClusters] [threshold]
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const sherpa = require('sherpa-onnx-node');
const [wav, segmentation, embedding, threads = '1', numClusters = '-1', threshold = '0.5'] = process.argv.slice(2);

const diarizer = new sherpa.OfflineSpeakerDiarization({
  segmentation: { pyannote: { model: segmentation }, numThreads: Number(threads), provider: 'cpu', debug: 0 },
  embedding: { model: embedding, numThreads: Number(threads), provider: 'cpu', debug: 0 },
  clustering: { numClusters: Number(numClusters), threshold: Number(threshold) },
  minDurationOn: 0.3,
  minDurationOff: 0.5,
});
const wave = sherpa.readWave(wav);
if (wave.sampleRate !== diarizer.sampleRate) {
  throw new Error(`${wav} is ${wave.sampleRate} Hz; the models expect ${diarizer.sampleRate} Hz`);
}

const started = process.hrtime.bigint();
const turns = diarizer.process(wave.samples);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
console.log(JSON.stringify({
  engine: `sherpa-onnx ${sherpa.version}`,
  audioSeconds: wave.samples.length / wave.sampleRate,
  seconds,
  turns: turns.map((t) => [t.start, t.end, t.speaker]),
}));
