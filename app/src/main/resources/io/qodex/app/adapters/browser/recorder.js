// Qodex login recorder: runs in every page of the recording context (an init script) and reports what the operator
// does through the binding window.__qodexRecord, as JSON. Only trusted events (made by a person, or by Playwright's
// mouse and keyboard) count. The value of a password field never leaves the page: it is reported as
// ${authPassword}. Selectors follow the preference: unique id > data-testid > name > aria-label > role + accessible
// name > text > short CSS path.
(() => {
  if (window.__qodexRecorderInstalled || window !== window.top) {
    return;
  }
  window.__qodexRecorderInstalled = true;

  const PASSWORD_TEMPLATE = '${authPassword}';
  const passwordFields = new WeakSet();
  let lastEnterAt = -Infinity;

  const send = (event) => {
    try {
      if (typeof window.__qodexRecord === 'function') {
        window.__qodexRecord(JSON.stringify(event));
      }
    } catch (ignored) {
      // the page is going away; nothing to do
    }
  };

  // ----- what kind of element -----

  const TEXT_INPUT_TYPES = new Set(['', 'text', 'email', 'password', 'tel', 'url', 'search', 'number']);
  const inputType = (el) => (el.getAttribute('type') || '').toLowerCase();
  const isTextField = (el) => (el instanceof HTMLInputElement && TEXT_INPUT_TYPES.has(inputType(el)))
      || el instanceof HTMLTextAreaElement || (el instanceof HTMLElement && el.isContentEditable);
  const isToggle = (el) => el instanceof HTMLInputElement && (inputType(el) === 'checkbox' || inputType(el) === 'radio');

  const isPasswordField = (el) => {
    if (!(el instanceof HTMLInputElement)) {
      return false;
    }
    if (passwordFields.has(el)) {
      return true; // it was a password field once (a "show password" toggle turns it into text)
    }
    const autocomplete = (el.getAttribute('autocomplete') || '').toLowerCase();
    const names = ((el.getAttribute('name') || '') + ' ' + (el.id || '')).toLowerCase();
    const secret = inputType(el) === 'password' || autocomplete.includes('password')
        || /passw|pwd|passcode|\bpin\b|one-time-code/.test(names) || autocomplete.includes('one-time-code');
    if (secret) {
      passwordFields.add(el);
    }
    return secret;
  };

  // ----- accessible role and name (the common cases) -----

  const implicitRole = (el) => {
    const explicit = (el.getAttribute('role') || '').trim().split(/\s+/)[0];
    if (explicit) {
      return explicit;
    }
    const tag = el.tagName.toLowerCase();
    if (tag === 'button') return 'button';
    if (tag === 'a' && el.hasAttribute('href')) return 'link';
    if (tag === 'select') return el.multiple || el.size > 1 ? 'listbox' : 'combobox';
    if (tag === 'textarea') return 'textbox';
    if (tag === 'input') {
      const type = inputType(el);
      if (['button', 'submit', 'reset', 'image'].includes(type)) return 'button';
      if (type === 'checkbox') return 'checkbox';
      if (type === 'radio') return 'radio';
      if (['', 'text', 'email', 'tel', 'url'].includes(type)) return el.hasAttribute('list') ? 'combobox' : 'textbox';
      if (type === 'search') return 'searchbox';
      if (type === 'number') return 'spinbutton';
    }
    return '';
  };

  const normalize = (text) => (text || '').replace(/\s+/g, ' ').trim();

  const accessibleName = (el) => {
    const labelledBy = el.getAttribute('aria-labelledby');
    if (labelledBy) {
      const text = labelledBy.split(/\s+/).map((id) => document.getElementById(id))
          .filter(Boolean).map((node) => node.textContent).join(' ');
      if (normalize(text)) return normalize(text);
    }
    const label = el.getAttribute('aria-label');
    if (normalize(label)) return normalize(label);
    if (el.labels && el.labels.length) {
      const text = Array.from(el.labels).map((node) => node.textContent).join(' ');
      if (normalize(text)) return normalize(text);
    }
    if (el instanceof HTMLInputElement && ['submit', 'button', 'reset'].includes(inputType(el))) {
      return normalize(el.value) || (inputType(el) === 'submit' ? 'Submit' : '');
    }
    if (el instanceof HTMLInputElement && inputType(el) === 'image') return normalize(el.alt);
    const role = implicitRole(el);
    if (['button', 'link', 'tab', 'menuitem', 'option', 'checkbox', 'radio', 'switch'].includes(role)) {
      const text = normalize(el.textContent);
      if (text) return text;
    }
    return normalize(el.getAttribute('title')) || normalize(el.getAttribute('placeholder'));
  };

  // ----- selectors -----

  const quote = (text) => JSON.stringify(text);
  const countCss = (selector) => {
    try {
      return document.querySelectorAll(selector).length;
    } catch (ignored) {
      return 0;
    }
  };
  const looksGenerated = (id) => /^\d|\d{4,}|[:{}]|^(ember|react|mui|radix|headlessui)/i.test(id);

  const countRole = (role, name) => {
    let count = 0;
    for (const candidate of document.querySelectorAll('*')) {
      if (implicitRole(candidate) === role && accessibleName(candidate) === name) count++;
      if (count > 1) break;
    }
    return count;
  };

  const countText = (el, text) => {
    // elements (other than el's ancestors) whose own normalized text is exactly this text
    let count = 0;
    for (const candidate of document.body ? document.body.querySelectorAll('*') : []) {
      if (candidate.contains(el) && candidate !== el) continue;
      if (el.contains(candidate) && candidate !== el) continue;
      if (normalize(candidate.textContent) === text) count++;
      if (count > 1) break;
    }
    return count;
  };

  const cssPath = (el) => {
    const parts = [];
    let node = el;
    while (node && node.nodeType === 1 && parts.length < 5) {
      const tag = node.tagName.toLowerCase();
      if (node !== el && node.id && !looksGenerated(node.id) && countCss('#' + CSS.escape(node.id)) === 1) {
        parts.unshift('#' + CSS.escape(node.id));
        break;
      }
      let part = tag;
      const parent = node.parentElement;
      if (parent) {
        const sameTag = Array.from(parent.children).filter((child) => child.tagName === node.tagName);
        if (sameTag.length > 1) part += ':nth-of-type(' + (sameTag.indexOf(node) + 1) + ')';
      }
      parts.unshift(part);
      const selector = parts.join(' > ');
      if (countCss(selector) === 1) return selector;
      node = parent;
    }
    return parts.join(' > ');
  };

  const selectorFor = (el) => {
    if (el.id && !looksGenerated(el.id)) {
      const selector = '#' + CSS.escape(el.id);
      if (countCss(selector) === 1) return selector;
    }
    const testId = el.getAttribute('data-testid');
    if (testId) {
      const selector = '[data-testid=' + quote(testId) + ']';
      if (countCss(selector) === 1) return selector;
    }
    const name = el.getAttribute('name');
    if (name) {
      const selector = '[name=' + quote(name) + ']';
      if (countCss(selector) === 1) return selector;
    }
    const ariaLabel = el.getAttribute('aria-label');
    if (ariaLabel) {
      const selector = '[aria-label=' + quote(ariaLabel) + ']';
      if (countCss(selector) === 1) return selector;
    }
    const role = implicitRole(el);
    const accName = accessibleName(el);
    if (role && accName && accName.length <= 80 && countRole(role, accName) === 1) {
      return 'role=' + role + '[name=' + quote(accName) + 's]';
    }
    const text = normalize(el.textContent);
    if (text && text.length <= 80 && !isTextField(el) && countText(el, text) === 1) {
      return 'text=' + quote(text);
    }
    return cssPath(el);
  };

  // ----- events -----

  const actionable = (target) => {
    if (!(target instanceof Element)) return null;
    return target.closest('button, a[href], input, select, textarea, label, summary, [role=button], [role=link], '
        + '[role=checkbox], [role=radio], [role=switch], [role=tab], [role=menuitem], [role=option], [onclick]')
        || target;
  };

  document.addEventListener('click', (event) => {
    if (!event.isTrusted) return;
    // Enter in a form "clicks" its submit button (detail 0): the press is already recorded.
    if (event.detail === 0 && performance.now() - lastEnterAt < 1000) return;
    const el = actionable(event.target);
    if (!el) return;
    if (isTextField(el) || el instanceof HTMLSelectElement || el instanceof HTMLOptionElement || isToggle(el)) return;
    if (el instanceof HTMLLabelElement && el.control && (isToggle(el.control) || isTextField(el.control))) return;
    send({ type: 'click', selector: selectorFor(el) });
  }, true);

  document.addEventListener('input', (event) => {
    if (!event.isTrusted) return;
    const el = event.target;
    if (!(el instanceof Element) || !isTextField(el)) return;
    if (isPasswordField(el)) {
      send({ type: 'fill', selector: selectorFor(el), value: PASSWORD_TEMPLATE, secret: true });
    } else {
      const value = el.isContentEditable && !(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement)
          ? el.innerText : el.value;
      send({ type: 'fill', selector: selectorFor(el), value });
    }
  }, true);

  document.addEventListener('change', (event) => {
    if (!event.isTrusted) return;
    const el = event.target;
    if (el instanceof HTMLSelectElement) {
      send({ type: 'select', selector: selectorFor(el), value: el.value });
    } else if (isToggle(el)) {
      send({ type: 'check', selector: selectorFor(el), checked: el.checked });
    }
  }, true);

  document.addEventListener('keydown', (event) => {
    if (!event.isTrusted || event.key !== 'Enter' || event.isComposing) return;
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const el = event.target instanceof Element ? event.target : null;
    if (!el || el instanceof HTMLTextAreaElement) return;
    lastEnterAt = performance.now();
    isPasswordField(el);
    send({ type: 'press', selector: el === document.body ? '' : selectorFor(el), value: 'Enter' });
  }, true);

  // "Pick element" (the step editor's live page): the next click reports the element's selector and does nothing else.
  let picking = false;
  let outlined = null;
  const unoutline = () => {
    if (outlined) {
      outlined.style.outline = outlined.__qodexOutline || '';
      outlined = null;
    }
  };
  window.__qodexPick = () => {
    picking = true;
  };
  window.addEventListener('mouseover', (event) => {
    if (!picking || !(event.target instanceof HTMLElement)) return;
    unoutline();
    outlined = event.target;
    outlined.__qodexOutline = outlined.style.outline;
    outlined.style.outline = '2px solid #e8590c';
  }, true);
  for (const type of ['mousedown', 'mouseup', 'pointerdown', 'pointerup']) {
    window.addEventListener(type, (event) => {
      if (picking && event.isTrusted) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    }, true);
  }
  window.addEventListener('click', (event) => {
    if (!picking || !event.isTrusted) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    picking = false;
    unoutline();
    const el = actionable(event.target);
    if (el) send({ type: 'picked', selector: selectorFor(el) });
  }, true);

  // Page loads, so that a URL typed into the address bar becomes a goto (the recorder decides).
  const reportNavigation = () => send({ type: 'navigation', url: location.href, referrer: document.referrer });
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', reportNavigation, { once: true });
  } else {
    reportNavigation();
  }
})();
