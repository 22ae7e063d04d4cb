/* scrdocs editor, one file: read the form back into data, add, remove and move list
   entries, check and preview as the user types (after a pause), show each problem at its
   field, save, and settle a conflict with a version saved elsewhere. */
"use strict";

(() => {
  const {api, announce, sentence, el} = scrdocs;
  const page = document.querySelector("[data-editor]");
  const file = page.dataset.file;
  const editorId = page.dataset.editor;
  const mode = page.dataset.mode;
  const form = document.getElementById("editor-form");
  const formRoot = document.getElementById("form-root");
  const textArea = document.getElementById("text");
  const saveStatus = document.getElementById("save-status");
  const previewStatus = document.getElementById("preview-status");
  const previewNotes = document.getElementById("preview-notes");
  const preview = document.getElementById("preview");
  const pdfPreview = document.getElementById("pdf-preview");
  const target = document.getElementById("target");
  const summary = document.getElementById("error-summary");
  const DELAY = 350;

  let base = page.dataset.base;
  let dirty = false;
  let sequence = 0;
  let shown = 0;
  let timer = null;
  let pending = null;
  let problemCount = -1;
  let pdfUrl = null;

  /* --- reading the form back --------------------------------------------------------- */

  function parentField(element) {
    let parent = element.parentElement;
    while (parent && !parent.hasAttribute("data-kind")) parent = parent.parentElement;
    return parent;
  }

  function childFields(container) {
    return [...container.querySelectorAll("[data-kind]")].filter((f) => parentField(f) === container);
  }

  function itemField(item) {
    return item.querySelector("[data-kind]");
  }

  function itemsOf(list) {
    return [...list.querySelector(":scope > ol.items").children];
  }

  function controlOf(field) {
    return field.querySelector(":scope > input, :scope > textarea, :scope > select");
  }

  function languageBoxes(field) {
    return [...field.querySelectorAll("textarea[data-language]")];
  }

  /* The box a problem of a text in several languages is about: the language its path
     names (summary.cy), else the first box left empty, else the first. */
  function languageBox(field, problemPath) {
    const boxes = languageBoxes(field);
    const language = problemPath.split(".")[pathOf(field).length];
    return boxes.find((b) => b.dataset.language === language) || boxes.find((b) => !b.value.trim()) || boxes[0];
  }

  const WHOLE = /^(0|[1-9][0-9]*)$/;

  function read(field) {
    const kind = field.dataset.kind;
    if (kind === "object") {
      const value = {};
      for (const child of childFields(field)) value[child.dataset.key] = read(child);
      if (field !== formRoot && Object.values(value).every((v) => v === null)) return null;
      return value;
    }
    if (kind === "list") {
      const items = itemsOf(field).map((item) => {
        const inner = itemField(item);
        const value = read(inner);
        if (value !== null) return value;
        return inner.dataset.kind === "object" ? {} : "";
      });
      return items.length ? items : null;
    }
    if (kind === "const") return field.dataset.value;
    if (kind === "languages") {
      /* a text a language: an emptied box posts null, so its language leaves the file */
      const value = Object.create(null); /* a key '__proto__' is a key like any other */
      for (const box of languageBoxes(field)) value[box.dataset.language] = box.value.trim() ? box.value : null;
      return Object.values(value).every((v) => v === null) ? null : value;
    }
    const control = controlOf(field);
    if (kind === "bool") {
      if (control.checked === (field.dataset.default === "true") && field.dataset.present !== "true") return null;
      return control.checked;
    }
    const text = control.value;
    if (kind === "yaml") return text.trim() ? {"$yaml": text} : null;
    if (!text.trim()) return null;
    if (kind === "date") return /^[0-9]{4}$/.test(text.trim()) ? Number(text.trim()) : text.trim();
    if (kind === "datebool") {
      const word = text.trim().toLowerCase();
      if (word === "true" || word === "yes") return true;
      if (word === "false" || word === "no") return false;
      return /^[0-9]{4}$/.test(word) ? Number(word) : text.trim();
    }
    if (kind === "intstr" || kind === "integer") return WHOLE.test(text.trim()) ? Number(text.trim()) : text.trim();
    return text;
  }

  function body(extra = {}) {
    const content = mode === "form" ? {data: read(formRoot)} : {text: textArea.value};
    return {file, editor: editorId, target: target ? target.value : null, ...content, ...extra};
  }

  /* --- paths, names and ids after entries move -------------------------------------- */

  function pathOf(field) {
    const parts = [];
    let current = field;
    while (current && current !== formRoot) {
      const parent = parentField(current);
      if (!parent) break;
      if (parent.dataset.kind === "list") {
        parts.unshift(String(itemsOf(parent).indexOf(current.closest("li.item"))));
      } else {
        parts.unshift(current.dataset.key);
      }
      current = parent;
    }
    return parts;
  }

  function allFields() {
    return formRoot ? [...formRoot.querySelectorAll("[data-kind]")] : [];
  }

  function renumber() {
    for (const field of allFields()) {
      const path = pathOf(field);
      const id = ["f", ...path].join("-");
      const control = field.matches("fieldset") ? field : controlOf(field);
      if (!control || control.id === id) continue;
      const old = control.id;
      for (const element of field.querySelectorAll("[id]")) {
        if (element.id.startsWith(old) && parentField(element) === field) element.id = id + element.id.slice(old.length);
      }
      if (field.matches("fieldset")) {
        field.id = id;
      }
      for (const element of field.querySelectorAll("[for], [aria-describedby]")) {
        if (parentField(element) !== field) continue;
        if (element.htmlFor === old) element.htmlFor = id;
        const described = element.getAttribute("aria-describedby");
        if (described) element.setAttribute("aria-describedby", described.split(" ").map((d) => d.startsWith(old) ? id + d.slice(old.length) : d).join(" "));
      }
    }
    for (const list of formRoot ? formRoot.querySelectorAll("[data-kind=list]") : []) {
      const singular = list.dataset.itemLabel;
      itemsOf(list).forEach((item, index) => {
        const name = `${singular} ${index + 1}`;
        const inner = itemField(item);
        const label = inner && inner.querySelector(":scope > label, :scope > legend");
        if (label && label.firstChild && label.firstChild.nodeType === Node.TEXT_NODE) label.firstChild.textContent = name;
        const tools = item.querySelector(":scope > .item-tools");
        tools.setAttribute("aria-label", name);
        tools.querySelector("[data-action=up]").setAttribute("aria-label", `Move up: ${name}`);
        tools.querySelector("[data-action=down]").setAttribute("aria-label", `Move down: ${name}`);
        tools.querySelector("[data-action=remove]").setAttribute("aria-label", `Remove: ${name}`);
      });
    }
  }

  /* --- list entries ------------------------------------------------------------------- */

  function onListAction(event) {
    const button = event.target.closest("button[data-action]");
    if (!button || !formRoot.contains(button)) return;
    const list = button.closest("[data-kind=list]");
    const singular = list.dataset.itemLabel.toLowerCase();
    const action = button.dataset.action;
    if (action === "add") {
      const template = list.querySelector(":scope > template");
      const entry = template.content.firstElementChild.cloneNode(true);
      list.querySelector(":scope > ol.items").append(entry);
      renumber();
      const first = entry.querySelector("input, textarea, select");
      (first || entry.querySelector("button")).focus();
      announce(saveStatus, `Added ${singular} ${itemsOf(list).length}`);
    } else {
      const item = button.closest("li.item");
      const items = itemsOf(list);
      const index = items.indexOf(item);
      if (action === "remove") {
        const next = items[index + 1] || items[index - 1];
        item.remove();
        renumber();
        (next ? next.querySelector("[data-action=remove]") : list.querySelector(":scope > [data-action=add]")).focus();
        announce(saveStatus, `Removed ${singular} ${index + 1}`);
      } else if (action === "up" && index > 0) {
        item.parentElement.insertBefore(item, items[index - 1]);
        renumber();
        button.focus();
        announce(saveStatus, `Moved to ${singular} ${index}`);
      } else if (action === "down" && index < items.length - 1) {
        item.parentElement.insertBefore(items[index + 1], item);
        renumber();
        button.focus();
        announce(saveStatus, `Moved to ${singular} ${index + 2}`);
      } else {
        announce(saveStatus, `It is already the ${action === "up" ? "first" : "last"} ${singular}`);
        return;
      }
    }
    changed();
  }

  /* --- problems at their fields --------------------------------------------------------- */

  function fieldAt(path) {
    const parts = path ? path.split(".") : [];
    const byPath = new Map(allFields().map((f) => [pathOf(f).join("."), f]));
    for (let end = parts.length; end > 0; end -= 1) {
      const found = byPath.get(parts.slice(0, end).join("."));
      if (found) return found;
    }
    return null;
  }

  function labelOf(field) {
    const label = field.querySelector(":scope > label, :scope > legend");
    return label ? label.textContent.replace(/\s*\(required\)\s*$/, "").trim() : "";
  }

  function showProblems(problems) {
    if (!Array.isArray(problems)) problems = []; /* an answer that lists none */
    for (const error of document.querySelectorAll(".field-error")) {
      error.hidden = true;
      error.textContent = "";
    }
    for (const field of document.querySelectorAll(".has-error")) field.classList.remove("has-error");
    for (const control of document.querySelectorAll("[aria-invalid]")) control.removeAttribute("aria-invalid");
    const links = [];
    for (const problem of problems) {
      const field = mode === "form" ? fieldAt(problem.path) : null;
      const where = problem.file ? `${problem.file}: ` : "";
      const line = mode === "text" && problem.line ? `line ${problem.line}: ` : "";
      let focusId = mode === "text" ? "text" : null;
      let name = problem.path || "";
      if (field) {
        const error = field.querySelector(":scope > .field-error");
        const exact = pathOf(field).join(".") === problem.path;
        const text = exact ? problem.message : `${problem.path.split(".").slice(pathOf(field).length).join(".")}: ${problem.message}`;
        error.textContent = error.textContent ? `${error.textContent} ${sentence(text)}` : sentence(text);
        error.hidden = false;
        field.classList.add("has-error");
        const languages = field.dataset.kind === "languages";
        const control = languages ? languageBox(field, problem.path)
          : field.matches("fieldset") ? field.querySelector("input, textarea, select") : controlOf(field);
        if (control && (languages || !field.matches("fieldset"))) control.setAttribute("aria-invalid", "true");
        focusId = control ? control.id : field.id;
        name = labelOf(field) || name;
        const box = field.closest("details");
        if (box && !box.open) box.open = true;
      }
      const message = `${where}${line}${name ? name + ": " : ""}${problem.message}`;
      links.push(focusId ? el("li", {}, el("a", {href: `#${focusId}`, "data-line": problem.line || ""}, message)) : el("li", {}, message));
    }
    summary.querySelector("ul").replaceChildren(...links);
    summary.hidden = problems.length === 0;
    if (problems.length !== problemCount) {
      problemCount = problems.length;
      announce(document.getElementById("problem-count"), problems.length ? `${problems.length} problem${problems.length === 1 ? "" : "s"} to put right` : "No problems");
    }
    const textProblems = document.getElementById("text-problems");
    if (textProblems) textProblems.replaceChildren();
  }

  summary.addEventListener("click", (event) => {
    const link = event.target.closest("a");
    if (!link) return;
    event.preventDefault();
    const control = document.getElementById(link.getAttribute("href").slice(1));
    if (!control) return;
    control.focus();
    if (control === textArea && link.dataset.line) goToLine(Number(link.dataset.line));
  });

  function goToLine(line) {
    const lines = textArea.value.split("\n");
    const start = lines.slice(0, line - 1).reduce((sum, text) => sum + text.length + 1, 0);
    textArea.setSelectionRange(start, start + (lines[line - 1] || "").length);
    const height = textArea.scrollHeight / Math.max(lines.length, 1);
    textArea.scrollTop = Math.max(0, (line - 5) * height);
  }

  /* --- checking and previewing as the user types ---------------------------------------- */

  function changed() {
    dirty = true;
    saveStatus.textContent = "Unsaved changes";
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, DELAY);
  }

  async function refresh() {
    const mine = ++sequence;
    if (pending) pending.abort();
    pending = new AbortController();
    let answer;
    try {
      answer = await api("draft", body({sequence: mine}), {signal: pending.signal});
    } catch (error) {
      return; /* a newer refresh took over */
    }
    if (mine < shown || answer.data.stale) return;
    shown = mine;
    if (!answer.ok) {
      showProblems(answer.data.problems || []);
      previewStatus.textContent = sentence(answer.data.error);
      return;
    }
    showProblems(answer.data.problems);
    const yamlView = document.getElementById("yaml-view");
    if (yamlView) yamlView.textContent = answer.data.yaml;
    showPreview(answer.data.preview || {});
  }

  function showPreview(result) {
    const notes = [...(result.places || []), ...(result.warnings || [])];
    previewNotes.replaceChildren(...notes.map((n) => el("li", {}, n)));
    if (!result.html) {
      previewStatus.textContent = sentence(result.message || "");
      preview.classList.add("stale");
      return;
    }
    preview.classList.remove("stale");
    const x = preview.contentWindow ? preview.contentWindow.scrollX : 0;
    const y = preview.contentWindow ? preview.contentWindow.scrollY : 0;
    preview.addEventListener("load", () => {
      if (preview.contentWindow) preview.contentWindow.scrollTo(x, y);
    }, {once: true});
    preview.srcdoc = result.html;
    previewStatus.textContent = `Preview updated at ${new Date().toLocaleTimeString("en-GB")}`;
    if (!pdfPreview.hidden) showPdf();
  }

  /* --- the PDF ------------------------------------------------------------------------ */

  const showHtml = document.getElementById("show-html");
  const showPdfButton = document.getElementById("show-pdf");

  function switchTo(pdf) {
    showHtml.setAttribute("aria-pressed", String(!pdf));
    showPdfButton.setAttribute("aria-pressed", String(pdf));
    showHtml.classList.toggle("secondary", pdf);
    showPdfButton.classList.toggle("secondary", !pdf);
    preview.hidden = pdf;
    pdfPreview.hidden = !pdf;
  }

  async function showPdf() {
    previewStatus.textContent = "Making the PDF…";
    const answer = await api("pdf", body(), {binary: true});
    if (!answer.ok) {
      previewStatus.textContent = sentence(answer.data.error);
      previewNotes.replaceChildren(...(answer.data.places || []).map((n) => el("li", {}, n)));
      return;
    }
    if (pdfUrl) URL.revokeObjectURL(pdfUrl);
    pdfUrl = URL.createObjectURL(answer.data);
    pdfPreview.src = pdfUrl;
    const warnings = answer.headers.get("x-scrdocs-warnings");
    previewNotes.replaceChildren(...(warnings ? warnings.split(" | ").map((n) => el("li", {}, n)) : []));
    previewStatus.textContent = `PDF updated at ${new Date().toLocaleTimeString("en-GB")}`;
  }

  showHtml.addEventListener("click", () => { switchTo(false); refresh(); });
  showPdfButton.addEventListener("click", () => { switchTo(true); showPdf(); });
  if (target) target.addEventListener("change", refresh);

  /* --- saving --------------------------------------------------------------------------- */

  const conflict = document.getElementById("conflict");
  let diskBase = null;

  async function save(overwrite = null) {
    window.clearTimeout(timer);
    saveStatus.textContent = "Saving…";
    const answer = await api("save", body({base, overwrite}));
    if (answer.status === 409) {
      saveStatus.textContent = "Not saved: the file changed on disk";
      diskBase = answer.data.conflict.disk_base;
      document.getElementById("conflict-disk").value = answer.data.conflict.disk;
      document.getElementById("conflict-mine").value = answer.data.conflict.mine;
      conflict.showModal();
      document.getElementById("keep-mine").focus();
      return;
    }
    if (!answer.ok) {
      saveStatus.textContent = `Not saved: ${answer.data.error}`;
      if (answer.data.problems) showProblems(answer.data.problems);
      return;
    }
    base = answer.data.base;
    dirty = false;
    const count = (answer.data.problems || []).length;
    const time = new Date().toLocaleTimeString("en-GB");
    announce(saveStatus, count ? `Saved at ${time}, with ${count} problem${count === 1 ? "" : "s"} still to put right`
                               : `Saved at ${time}`);
    showProblems(answer.data.problems);
    if (mode === "text") textArea.value = answer.data.text;
    refresh();
  }

  document.getElementById("save").addEventListener("click", () => save());
  document.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
      event.preventDefault();
      save();
    }
  });
  document.getElementById("keep-mine").addEventListener("click", () => { conflict.close(); save(diskBase); });
  document.getElementById("take-disk").addEventListener("click", () => { dirty = false; window.location.reload(); });
  document.getElementById("conflict-cancel").addEventListener("click", () => conflict.close());

  window.addEventListener("beforeunload", (event) => {
    if (dirty) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  /* --- start ---------------------------------------------------------------------------- */

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", (event) => { event.preventDefault(); save(); });
  if (formRoot) formRoot.addEventListener("click", onListAction);
  refresh();
})();
