// Element helpers. Text always goes in as text nodes: segment contents are user data, never markup.

export const $ = id => document.getElementById(id);

/** h('li', {class: 'x', dataset: {id}}, 'text', child) */
export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (name === 'dataset') {
      Object.assign(node.dataset, value);
    } else if (name === 'class') {
      node.className = value;
    } else if (name.startsWith('on') && typeof value === 'function') {
      node.addEventListener(name.slice(2), value);
    } else if (name in node && typeof value !== 'string') {
      node[name] = value;
    } else {
      node.setAttribute(name, value === true ? '' : value);
    }
  }
  node.append(...children.flat().filter(c => c !== undefined && c !== null && c !== false));
  return node;
}

export function clear(node) {
  node.replaceChildren();
  return node;
}

export function show(node, visible) {
  node.hidden = !visible;
}

/**
 * Marks a control unavailable without the disabled attribute, so a control that has focus keeps it (a
 * disabled one would drop keyboard users back to the top of the page). Handlers check usable().
 */
export function available(control, ok) {
  if (ok) {
    control.removeAttribute('aria-disabled');
  } else {
    control.setAttribute('aria-disabled', 'true');
  }
}

export function usable(control) {
  return control.getAttribute('aria-disabled') !== 'true';
}

export function shortId(id) {
  return id ? id.slice(0, 8) : '';
}

export function plural(n, word) {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
