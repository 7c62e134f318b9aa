// Token-for-token comparison of the engine and sherpa-onnx (sherpa-onnx-node 1.13.8) on the replicas sherpa can run
// (models/testing/replicas: the sherpa SenseVoice and Fun-ASR-Nano CTC archives, and the three sherpa Fun-ASR-Nano LLM
// archives) and the five LibriVox recordings of Debian pocketsphinx-testdata, each decoded whole.
// The engine side is bench/sherpa/ReplicaIds (built here on first use). Usage: node replica-parity.mjs
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const sherpa = require('sherpa-onnx-node');
const addon = require('sherpa-onnx-node/addon.js');
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const replicas = path.join(root, 'models', 'testing', 'replicas');
const librivox = '/usr/share/pocketsphinx/test/data/librivox';
const wavs = fs.readdirSync(librivox).filter(n => n.endsWith('.wav')).sort().map(n => path.join(librivox, n));

const tool = path.join(here, 'ReplicaIds', 'bin', 'Release', 'net10.0', 'ReplicaIds.dll');
if (!fs.existsSync(tool)) execFileSync('dotnet', ['build', path.join(here, 'ReplicaIds'), '-c', 'Release', '-nologo', '-v', 'q'], { stdio: 'inherit' });

const ctc = [
  ['sherpa-sensevoice-2024-07-17', 'model.onnx', 4],
  ['sherpa-sensevoice-int8-2024-07-17', 'model.int8.onnx', 4],
  ['sherpa-sense-voice-funasr-nano-2025-12-17', 'model.onnx', 0],
  ['sherpa-sense-voice-funasr-nano-int8-2025-12-17', 'model.int8.onnx', 0],
];
const llm = [
  ['sherpa-funasr-nano-int8-2025-12-30', 'encoder_adaptor.int8.onnx', 'embedding.int8.onnx', 'llm.int8.onnx'],
  ['sherpa-funasr-nano-fp16-2025-12-30', 'encoder_adaptor.int8.onnx', 'embedding.int8.onnx', 'llm.fp16.onnx'],
  ['sherpa-funasr-nano-2025-12-30', 'encoder_adaptor.onnx', 'embedding.onnx', 'llm.fp32.onnx'],
];

function sherpaTokens(recognizer, wav) {
  const wave = sherpa.readWave(wav);
  const stream = recognizer.createStream();
  stream.acceptWaveform({ samples: wave.samples, sampleRate: wave.sampleRate });
  recognizer.decode(stream);
  // Random weights emit byte tokens that are not valid UTF-8 on their own; the addon's JSON then holds raw control
  // characters, so parse it leniently.
  const json = addon.getOfflineStreamResultAsJson(stream.handle).replace(/[\u0000-\u001f]/g, ' ');
  return JSON.parse(json).tokens;
}

function engine(folder, wav, ...flags) {
  return JSON.parse(execFileSync('dotnet', [tool, folder, wav, ...flags], { encoding: 'utf8' }));
}

const rows = [];
for (const [name, file] of ctc) {
  const folder = path.join(replicas, name);
  const recognizer = new sherpa.OfflineRecognizer({
    featConfig: { sampleRate: 16000, featureDim: 80 },
    modelConfig: { senseVoice: { model: path.join(folder, file), language: '', useInverseTextNormalization: 1 },
      tokens: path.join(folder, 'tokens.txt'), numThreads: 1, provider: 'cpu', debug: 0 },
  });
  for (const wav of wavs) {
    const theirs = sherpaTokens(recognizer, wav);
    const ours = engine(folder, wav).pieces;
    rows.push({ replica: name, wav: path.basename(wav), sherpa: theirs.length, engine: ours.length,
      same: JSON.stringify(theirs) === JSON.stringify(ours) });
  }
}

for (const [name, encoder, embedding, model] of llm) {
  const folder = path.join(replicas, name);
  const recognizer = new sherpa.OfflineRecognizer({
    featConfig: { sampleRate: 16000, featureDim: 80 },
    modelConfig: { funasrNano: { encoderAdaptor: path.join(folder, encoder), embedding: path.join(folder, embedding),
      llm: path.join(folder, model), tokenizer: path.join(folder, 'Qwen3-0.6B'), maxNewTokens: 30 }, tokens: '', numThreads: 1, provider: 'cpu', debug: 0 },
  });
  for (const wav of wavs) {
    const theirs = sherpaTokens(recognizer, wav);
    const ours = engine(folder, wav);
    rows.push({ replica: name, wav: path.basename(wav), sherpa: theirs.length, engine: ours.pieces.length,
      same: JSON.stringify(theirs) === JSON.stringify(ours.pieces),
      note: `engine feeds ${ours.audioTokens} of ${ours.lfrFrames} audio frames (snip_edges=true, padded LFR); sherpa feeds all, unpadded` });
    // The same decoding loop on sherpa's front end (snip_edges=false, unpadded LFR, all frames): must be identical.
    // Random weights emit lone UTF-8 bytes; sherpa's result splits them at other places than token edges and the
    // number of U+FFFD they become depends on the split, so the token count and the text without U+FFFD are compared.
    const likeSherpa = engine(folder, wav, '--sherpa-nano-frontend');
    const valid = pieces => pieces.join('').replaceAll('\uFFFD', '');
    rows.push({ replica: name, wav: path.basename(wav), sherpa: theirs.length, engine: likeSherpa.pieces.length,
      same: theirs.length === likeSherpa.pieces.length && valid(theirs) === valid(likeSherpa.pieces), front: 'sherpa' });
  }
}

for (const r of rows) console.log(`${r.same ? 'SAME' : 'DIFF'}  ${(r.front ? r.replica + ' (sherpa front end)' : r.replica).padEnd(66)} ${r.wav.padEnd(46)} sherpa ${String(r.sherpa).padStart(3)} engine ${String(r.engine).padStart(3)} ${r.note ?? ''}`);
const ctcRows = rows.filter(r => !r.note && !r.front);
const sherpaFront = rows.filter(r => r.front);
console.log(`CTC replicas: ${ctcRows.filter(r => r.same).length}/${ctcRows.length} identical token sequences; ` +
  `Nano LLM replicas, engine front end: ${rows.filter(r => r.note && r.same).length}/${rows.filter(r => r.note).length} identical (different by design); ` +
  `Nano LLM replicas on sherpa's front end: ${sherpaFront.filter(r => r.same).length}/${sherpaFront.length} identical.`);
