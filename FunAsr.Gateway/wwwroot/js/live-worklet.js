// Runs in the AudioWorklet: the microphone at the context's rate (often 48 kHz) → 16 kHz mono 16-bit PCM, posted to the
// page in 100 ms chunks. Each output sample averages the input samples it spans — a boxcar low-pass that keeps speech
// bands and stops the worst aliasing when decimating.
const targetRate = 16000;
const chunkSamples = 1600;

class LiveCaptureProcessor extends AudioWorkletProcessor {
  constructor() {
    super();
    this.step = sampleRate / targetRate;
    this.position = 0;
    this.sum = 0;
    this.count = 0;
    this.chunk = new Int16Array(chunkSamples);
    this.filled = 0;
  }

  process(inputs) {
    const channels = inputs[0];
    if (!channels || channels.length === 0) return true;
    const frames = channels[0].length;
    for (let i = 0; i < frames; i++) {
      let mixed = 0;
      for (const channel of channels) mixed += channel[i];
      this.sum += mixed / channels.length;
      this.count++;
      this.position += 1;
      if (this.position >= this.step) {
        this.position -= this.step;
        const sample = Math.max(-1, Math.min(1, this.sum / this.count));
        this.chunk[this.filled++] = Math.round(sample * 32767);
        this.sum = 0;
        this.count = 0;
        if (this.filled === chunkSamples) {
          this.port.postMessage(this.chunk.buffer, [this.chunk.buffer]);
          this.chunk = new Int16Array(chunkSamples);
          this.filled = 0;
        }
      }
    }
    return true;
  }
}

registerProcessor('live-capture', LiveCaptureProcessor);
