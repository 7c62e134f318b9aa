// sherpa-onnx-node 1.13.8 (its bundled ONNX Runtime) behind the protocol of EngineBench: one JSON line per stdin command.
//   node sherpa-server.mjs --kind sensevoice|nano --model DIR --threads N [--int8] [--tokens N] WAV...
// sensevoice: model.onnx or model.int8.onnx + tokens.txt (the sherpa-onnx export); nano: the sherpa-onnx int8 archive's
// encoder_adaptor.int8.onnx, embedding.int8.onnx, llm.int8.onnx, Qwen3-0.6B/. Commands: run, run1 (nano, 1 token), rss, quit.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';

const require = createRequire(import.meta.url);
const sherpa = require('sherpa-onnx-node');
const args = process.argv.slice(2);
const value = (name, fallback) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : fallback; };
const flags = new Set(['--kind', '--model', '--threads', '--tokens']);
const wavs = args.filter((a, i) => !a.startsWith('--') && !(i > 0 && flags.has(args[i - 1])));
const kind = value('--kind', 'sensevoice');
const dir = value('--model');
const numThreads = Number(value('--threads', '1'));
const tokens = Number(value('--tokens', '32'));
const audio = wavs.map(w => sherpa.readWave(w));

function recognizer(maxNewTokens) {
  const modelConfig = kind === 'nano'
    ? { funasrNano: { encoderAdaptor: path.join(dir, 'encoder_adaptor.int8.onnx'), embedding: path.join(dir, 'embedding.int8.onnx'),
        llm: path.join(dir, 'llm.int8.onnx'), tokenizer: path.join(dir, 'Qwen3-0.6B'), maxNewTokens }, tokens: '' }
    : { senseVoice: { model: path.join(dir, args.includes('--int8') ? 'model.int8.onnx' : 'model.onnx'), language: '', useInverseTextNormalization: 1 },
        tokens: path.join(dir, 'tokens.txt') };
  return new sherpa.OfflineRecognizer({ featConfig: { sampleRate: 16000, featureDim: 80 },
    modelConfig: { ...modelConfig, numThreads, provider: 'cpu', debug: 0 } });
}

const main = recognizer(tokens);
const single = kind === 'nano' ? recognizer(1) : null;

function run(r) {
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  let generated = 0;
  let characters = 0;
  for (const wave of audio) {
    const stream = r.createStream();
    stream.acceptWaveform({ samples: wave.samples, sampleRate: wave.sampleRate });
    r.decode(stream);
    const result = r.getResult(stream);
    generated += result.tokens?.length ?? 0;
    characters += result.text?.length ?? 0;
  }
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const used = process.cpuUsage(cpu);
  return { segments: audio.length, tokens: generated, characters, wallMs, cpuMs: (used.user + used.system) / 1000 };
}

function rss() {
  const status = fs.readFileSync('/proc/self/status', 'utf8');
  const kb = key => Number(status.match(new RegExp(`${key}:\\s+(\\d+)`))[1]);
  return { peakRssMb: kb('VmHWM') / 1024, rssMb: kb('VmRSS') / 1024 };
}

console.log(JSON.stringify({ ready: true, engine: 'sherpa', model: `${kind} ${dir}`,
  audioSeconds: audio.reduce((s, w) => s + w.samples.length / w.sampleRate, 0) }));
const lines = readline.createInterface({ input: process.stdin });
for await (const line of lines) {
  const [command] = line.trim().split(/\s+/);
  if (command === 'quit') break;
  const answer = command === 'rss' ? rss() : command === 'run1' && single ? run(single) : run(main);
  console.log(JSON.stringify(answer));
}
process.exit(0);
