// The editor's toolbar: one tab stop, the arrow keys move between its
// buttons (the WAI-ARIA toolbar pattern). Buttons that switch a format on
// and off say whether it is on (aria-pressed).

export function toolbar(editor, t, open) {
  const bar = document.createElement("div");
  bar.className = "sv-editor__toolbar";
  bar.setAttribute("role", "toolbar");
  bar.setAttribute("aria-label", t["editor.toolbar"]);
  bar.setAttribute("aria-controls", editor.view.dom.id || "");

  // The focus goes back to the text at once: the chain's focus() would
  // wait for the next frame, and take the focus back from wherever the
  // keys typed meanwhile had moved it.
  const cmd = (f) => () => {
    f(editor.chain()).run();
    editor.view.focus();
  };
  const inTable = () => editor.isActive("table");
  const buttons = [
    { key: "editor.heading2", run: cmd((c) => c.toggleHeading({ level: 2 })), on: () => editor.isActive("heading", { level: 2 }) },
    { key: "editor.heading3", run: cmd((c) => c.toggleHeading({ level: 3 })), on: () => editor.isActive("heading", { level: 3 }) },
    { key: "editor.heading4", run: cmd((c) => c.toggleHeading({ level: 4 })), on: () => editor.isActive("heading", { level: 4 }) },
    { key: "editor.bold", run: cmd((c) => c.toggleBold()), on: () => editor.isActive("bold") },
    { key: "editor.italic", run: cmd((c) => c.toggleItalic()), on: () => editor.isActive("italic") },
    { key: "editor.bullet_list", run: cmd((c) => c.toggleBulletList()), on: () => editor.isActive("bulletList") },
    { key: "editor.ordered_list", run: cmd((c) => c.toggleOrderedList()), on: () => editor.isActive("orderedList") },
    { key: "editor.link", run: open.link, on: () => editor.isActive("link") },
    { key: "editor.table", run: cmd((c) => c.insertTable({ rows: 3, cols: 3, withHeaderRow: true })), off: inTable },
    { key: "editor.row_add", run: cmd((c) => c.addRowAfter()), off: () => !inTable() },
    { key: "editor.row_delete", run: cmd((c) => c.deleteRow()), off: () => !inTable() },
    { key: "editor.column_add", run: cmd((c) => c.addColumnAfter()), off: () => !inTable() },
    { key: "editor.column_delete", run: cmd((c) => c.deleteColumn()), off: () => !inTable() },
    { key: "editor.media", run: open.media, media: true },
  ];

  const els = buttons.map((b, i) => {
    const el = document.createElement("button");
    el.type = "button";
    el.className = "sv-editor__button";
    el.textContent = t[b.key];
    el.tabIndex = i === 0 ? 0 : -1;
    if (b.media) el.dataset.editorMedia = "";
    el.addEventListener("click", () => {
      if (el.getAttribute("aria-disabled") === "true") return;
      b.run(el);
    });
    bar.append(el);
    return el;
  });

  const refresh = () => {
    buttons.forEach((b, i) => {
      if (b.on) els[i].setAttribute("aria-pressed", String(b.on()));
      if (b.off) els[i].setAttribute("aria-disabled", String(b.off()));
    });
  };
  editor.on("transaction", refresh);
  refresh();

  // Roving tabindex: the button last used keeps the tab stop.
  bar.addEventListener("keydown", (e) => {
    const i = els.indexOf(document.activeElement);
    if (i < 0) return;
    const to = { ArrowRight: i + 1, ArrowDown: i + 1, ArrowLeft: i - 1, ArrowUp: i - 1, Home: 0, End: els.length - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    const j = (to + els.length) % els.length;
    els[i].tabIndex = -1;
    els[j].tabIndex = 0;
    els[j].focus();
  });
  bar.addEventListener("focusin", (e) => {
    if (!els.includes(e.target)) return;
    for (const el of els) el.tabIndex = el === e.target ? 0 : -1;
  });
  return bar;
}
