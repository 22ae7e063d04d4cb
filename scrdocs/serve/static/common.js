/* scrdocs editor: what every page's scripts share — calls to the server with this
   page's CSRF token, and messages announced to screen readers. No build step, no
   libraries: plain browser JavaScript. */
"use strict";

const scrdocs = (() => {
  const csrf = document.querySelector('meta[name="csrf-token"]').content;

  /** Post `body` as JSON to /api/`name`; return {ok, status, data}. */
  async function api(name, body, options = {}) {
    let response;
    try {
      response = await fetch(`/api/${name}`, {
        method: "POST",
        headers: {"Content-Type": "application/json", "X-CSRF-Token": csrf},
        body: JSON.stringify(body),
        credentials: "same-origin",
        signal: options.signal,
      });
    } catch (error) {
      if (error.name === "AbortError") throw error;
      return {ok: false, status: 0, data: {error: "the editor cannot be reached: is scrdocs serve still running?"}};
    }
    if (options.binary && response.ok) {
      return {ok: true, status: response.status, data: await response.blob(), headers: response.headers};
    }
    let data;
    try {
      data = await response.json();
    } catch (error) {
      if (error.name === "AbortError") throw error; /* a newer call took over mid-answer */
      data = {error: `the editor answered ${response.status} ${response.statusText}`};
    }
    return {ok: response.ok, status: response.status, data};
  }

  /** Put `text` in the live region `element` so screen readers say it. */
  function announce(element, text) {
    if (!element) return;
    element.textContent = "";
    window.setTimeout(() => { element.textContent = text; }, 30);
  }

  /** Return `text` with its first letter a capital. */
  function sentence(text) {
    return text ? text.charAt(0).toUpperCase() + text.slice(1) : text;
  }

  /** Make an element: el("li", {class: "x"}, "text", child). */
  function el(tag, attributes = {}, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (value !== null && value !== undefined) element.setAttribute(name, value);
    }
    for (const child of children) {
      element.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return element;
  }

  /* A fault in these scripts is said on the page, not only in the browser's console. */
  window.addEventListener("unhandledrejection", (event) => {
    const line = document.querySelector("[role=status]");
    if (line) line.textContent = `Something went wrong in this page: ${event.reason}. Reload it to go on.`;
  });

  return {api, announce, sentence, el};
})();
