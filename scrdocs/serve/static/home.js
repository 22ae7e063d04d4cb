/* scrdocs editor, workspace home: create, rename and delete files (each in a dialog that
   asks first), build and check the workspace and list what they found. */
"use strict";

(() => {
  const {api, announce, sentence, el} = scrdocs;
  const status = document.getElementById("status");
  let opener = null;

  function open(dialog, from) {
    opener = from;
    dialog.querySelectorAll(".dialog-error").forEach((p) => { p.textContent = ""; });
    dialog.showModal();
    const first = dialog.querySelector("input, select");
    if (first) first.focus();
  }

  for (const dialog of document.querySelectorAll("dialog")) {
    dialog.addEventListener("close", () => { if (opener) opener.focus(); });
    dialog.querySelectorAll("[data-close]").forEach((button) =>
      button.addEventListener("click", () => dialog.close()));
  }

  document.querySelectorAll("[data-open]").forEach((button) =>
    button.addEventListener("click", () => open(document.getElementById(button.dataset.open), button)));

  /* The review's file name follows its published name until typed in itself. */
  const pseudonym = document.getElementById("new-review-pseudonym");
  const reviewName = document.getElementById("new-review-name");
  let nameTyped = false;
  reviewName.addEventListener("input", () => { nameTyped = true; });
  pseudonym.addEventListener("input", () => {
    if (!nameTyped) reviewName.value = slug(pseudonym.value);
  });

  function slug(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  }

  function fail(form, message) {
    const error = form.querySelector(".dialog-error");
    error.textContent = sentence(message);
  }

  document.querySelectorAll("form[data-create]").forEach((form) => form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = {subject: form.dataset.create};
    for (const control of form.querySelectorAll("input, select")) body[control.name] = control.value.trim();
    const answer = await api("new", body);
    if (!answer.ok) return fail(form, answer.data.error);
    window.location.assign(answer.data.url);
  }));

  let target = null;
  document.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-action]");
    if (!button) return;
    target = button.dataset.file;
    const dialog = document.getElementById(button.dataset.action);
    dialog.querySelectorAll("[data-file-name]").forEach((span) => { span.textContent = target; });
    if (button.dataset.action === "rename") document.getElementById("rename-name").value = button.dataset.name;
    open(dialog, button);
  });

  document.querySelector("form[data-rename]").addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = event.target;
    const answer = await api("rename", {file: target, name: document.getElementById("rename-name").value.trim()});
    if (!answer.ok) return fail(form, answer.data.error);
    const updated = answer.data.updated.length ? ` and updated ${answer.data.updated.join(", ")}` : "";
    sessionStorage.setItem("scrdocs-message", `Renamed ${target} to ${answer.data.file}${updated}.`);
    window.location.reload();
  });

  document.querySelector("form[data-delete]").addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = event.target;
    const answer = await api("delete", {file: target, confirm: target});
    if (!answer.ok) return fail(form, answer.data.error);
    const used = answer.data.used_by.length ? ` ${answer.data.used_by.join(", ")} still refer to it.` : "";
    sessionStorage.setItem("scrdocs-message", `Deleted ${target}.${used}`);
    window.location.reload();
  });

  const message = sessionStorage.getItem("scrdocs-message");
  if (message) {
    sessionStorage.removeItem("scrdocs-message");
    announce(status, message);
  }

  /* Build and check. */
  const results = document.getElementById("results");

  function list(title, items, make = (item) => item) {
    if (!items.length) return [];
    return [el("h3", {}, title), el("ul", {class: "problems"}, ...items.map((item) => el("li", {}, make(item))))];
  }

  async function run(button, name, body, show) {
    const buttons = document.querySelectorAll(".publish-tools button");
    buttons.forEach((b) => { b.disabled = true; });
    results.replaceChildren(el("p", {}, name === "build" ? "Building… this takes a few seconds a document." : "Checking… this renders every document."));
    const answer = await api(name, body);
    buttons.forEach((b) => { b.disabled = false; });
    if (!answer.ok) {
      results.replaceChildren(el("p", {class: "status-bad"}, sentence(answer.data.error)));
    } else {
      results.replaceChildren(...show(answer.data));
    }
    results.focus();
  }

  document.getElementById("build").addEventListener("click", (event) => run(event.target, "build", {}, (data) => {
    const failed = Object.entries(data.failed);
    const summary = failed.length
      ? `Built with ${failed.length} document${failed.length === 1 ? "" : "s"} failing.`
      : `Built: ${data.written.length} file${data.written.length === 1 ? "" : "s"} written, ${data.skipped.length} up to date.`;
    return [
      el("h3", {}, "Build results"),
      el("p", {class: failed.length ? "status-bad" : "status-ok"}, summary),
      ...list("Written", data.written, (name) => el("a", {href: `/out/${encodeURIComponent(name)}`}, name)),
      ...list("Failed", failed, ([name, lines]) => `${name}: ${lines.join(" ")}`),
      ...list("Warnings", data.warnings || []),
    ];
  }));

  document.getElementById("check").addEventListener("click", (event) => run(event.target, "check",
    {word_layout: document.getElementById("word-layout").checked}, (data) => [
      el("h3", {}, "Check results"),
      el("p", {class: data.ok ? "status-ok" : "status-bad"},
        data.ok ? `Ready to publish: ${data.checked.length} outputs checked.`
                : `Not ready to publish: ${data.disclosures.length + data.errors.length} problem${data.disclosures.length + data.errors.length === 1 ? "" : "s"}.`),
      ...list("Would disclose what the case key protects (the names are not shown here)", data.disclosures),
      ...list("Errors", data.errors),
      ...list("Warnings", data.warnings),
      ...list("Notes", data.notes),
    ]));
})();
