// The test-model banner: when the ASR service runs the known-answer test model (a first run with no real model
// fetched), every view says so, with the one command that installs a real model. The status route needs no key,
// so the sign-in screen shows it too. Any failure to ask leaves the page as it is.
const banner = document.getElementById('test-model-banner');
const command = document.getElementById('test-model-command');

async function check() {
  try {
    const response = await fetch('/api/asr/model-status', { headers: { Accept: 'application/json' } });
    if (!response.ok) return;
    const status = await response.json();
    if (status && status.testModel === true) {
      if (typeof status.installCommand === 'string' && status.installCommand.length > 0) command.textContent = status.installCommand;
      banner.hidden = false;
    } else {
      banner.hidden = true;
    }
  } catch {
    // Not JSON, or the service is down: the page's own errors cover that.
  }
}

if (banner && command) check();
