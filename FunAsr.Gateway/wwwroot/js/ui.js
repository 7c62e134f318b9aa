// Small DOM helpers shared by the views.
export const $ = (selector, root = document) => root.querySelector(selector);

export function element(tag, { className, text, attrs = {} } = {}, children = []) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== undefined) el.textContent = text;
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  el.append(...children);
  return el;
}

export function showError(target, error) {
  target.textContent = String(error);
  target.hidden = false;
}

export function clearError(target) {
  target.textContent = '';
  target.hidden = true;
}
