// The page body editor: a toolbar editor over the Markdown textarea of the
// staff page form, for people who do not know Markdown. The textarea stays
// the form's field: the editor writes Markdown into it whenever the text
// changes, so the server sees the same "body" as without JavaScript.
import { Editor } from "@tiptap/core";
import Document from "@tiptap/extension-document";
import Paragraph from "@tiptap/extension-paragraph";
import Text from "@tiptap/extension-text";
import Heading from "@tiptap/extension-heading";
import Bold from "@tiptap/extension-bold";
import Italic from "@tiptap/extension-italic";
import HardBreak from "@tiptap/extension-hard-break";
import { BulletList, OrderedList, ListItem, ListKeymap } from "@tiptap/extension-list";
import Link from "@tiptap/extension-link";
import Image from "@tiptap/extension-image";
import { Table, TableRow, TableHeader, TableCell } from "@tiptap/extension-table";
import { TrailingNode, UndoRedo } from "@tiptap/extensions";
import { Markdown } from "@tiptap/markdown";

import { marked, removedBy, removedIn } from "./rawhtml.js";
import { cleanPastedHTML } from "./paste.js";
import { toolbar } from "./toolbar.js";
import { linkDialog, mediaDialog } from "./dialogs.js";

// A GFM table cell is one line; a break inside one would be written as
// <br>, which the site drops.
const OneLineTable = Table.extend({
  renderMarkdown(node, h) {
    return this.parent(node, h).replace(/<br>/g, " ");
  },
});

// Who switched to the Markdown field gets it again on the next page.
const preferMarkdown = "sv-editor-markdown";

function start(root) {
  const textarea = root.querySelector("textarea");
  const notice = root.querySelector("[data-editor-notice]");
  const t = JSON.parse(root.dataset.strings);
  const label = document.querySelector(`label[for="${textarea.id}"]`);
  if (label && !label.id) label.id = textarea.id + "-label";

  const area = document.createElement("div");
  area.className = "sv-editor__area";
  let removedOnLoad = [];

  const editor = new Editor({
    element: area,
    injectCSS: false,
    extensions: [
      Document, Paragraph, Text, HardBreak, UndoRedo, TrailingNode,
      Heading.configure({ levels: [2, 3, 4] }),
      Bold, Italic, BulletList, OrderedList, ListItem, ListKeymap,
      Link.configure({ openOnClick: false, autolink: true, HTMLAttributes: { rel: null, target: null, class: null } }),
      Image.configure({ inline: true, allowBase64: false }), // inline, as in Markdown
      OneLineTable.configure({ resizable: false }), TableRow, TableHeader, TableCell,
      Markdown.configure({ marked }),
    ],
    editorProps: {
      attributes: {
        id: textarea.id + "-editor",
        class: "sv-editor__content sv-prose",
        role: "textbox",
        "aria-multiline": "true",
        ...(label ? { "aria-labelledby": label.id } : {}),
        // The field's hint is about Markdown, and shown with the textarea
        // only; the editor is described by its error and its keys.
        "aria-describedby": [...(textarea.getAttribute("aria-describedby") || "").split(" ").filter((id) => id && id !== textarea.id + "-hint"), textarea.id + "-keys"].join(" "),
        ...(textarea.getAttribute("aria-invalid") ? { "aria-invalid": "true" } : {}),
      },
      transformPastedHTML: cleanPastedHTML,
    },
    onUpdate: () => {
      textarea.value = editor.getMarkdown();
      showRemoved();
    },
  });

  // load puts Markdown into the editor, dropping its raw HTML as the site
  // does and remembering what was dropped.
  const load = (md) => {
    const { removed } = removedBy(() => editor.commands.setContent(md, { contentType: "markdown", emitUpdate: false }));
    removedOnLoad = removed;
  };

  // The notice names the raw HTML that the saved page will not show: what
  // was dropped when the text was loaded and what the Markdown still has.
  const showRemoved = () => {
    const tags = [...new Set([...removedOnLoad, ...removedIn(textarea.value)])];
    const text = tags.length ? t["editor.html_removed"].replace("%s", tags.join(", ")) : "";
    if (notice.textContent === text) return;
    const p = document.createElement("p");
    p.className = "sv-notice sv-notice--warning";
    p.textContent = text;
    notice.replaceChildren(...(text ? [p] : []));
  };

  const bar = toolbar(editor, t, {
    link: () => linkDialog(editor, t, root),
    media: () => mediaDialog(editor, t, root, root.dataset.media),
  });

  // Tab moves between a table's cells and indents list items, so the
  // toolbar is reached with Escape or Alt+F10 (as in other editors).
  editor.view.dom.addEventListener("keydown", (e) => {
    if (e.key === "Escape" || (e.altKey && e.key === "F10")) {
      e.preventDefault();
      bar.querySelector('[tabindex="0"]').focus();
    }
  }, true);
  const hint = document.getElementById(textarea.id + "-hint");
  const keys = document.createElement("p");
  keys.className = "sv-hint";
  keys.id = textarea.id + "-keys";
  keys.textContent = t["editor.keys"];

  const toggle = document.createElement("button");
  toggle.type = "button";
  toggle.className = "sv-button sv-button--secondary sv-editor__toggle";
  toggle.textContent = t["editor.show_markdown"];
  toggle.setAttribute("aria-pressed", "false");
  const markdownMode = (on) => {
    toggle.setAttribute("aria-pressed", String(on));
    bar.hidden = on;
    area.hidden = on;
    keys.hidden = on;
    if (hint) hint.hidden = !on;
    textarea.hidden = !on;
    if (!on) load(textarea.value);
    showRemoved();
  };
  toggle.addEventListener("click", () => {
    const on = toggle.getAttribute("aria-pressed") !== "true";
    markdownMode(on);
    (on ? textarea : editor.view.dom).focus();
    try {
      localStorage.setItem(preferMarkdown, on ? "1" : "");
    } catch {} // storage refused: the choice lasts for this page
  });
  textarea.addEventListener("input", showRemoved);
  // The field's label and the error summary's link lead to the editor
  // while the textarea is hidden.
  for (const a of [label, ...document.querySelectorAll(`a[href="#${textarea.id}"]`)]) {
    a?.addEventListener("click", (e) => {
      if (!textarea.hidden) return;
      e.preventDefault();
      editor.view.dom.scrollIntoView({ block: "center" });
      editor.view.focus();
    });
  }

  const status = document.createElement("p");
  status.className = "sv-visually-hidden";
  status.setAttribute("role", "status");
  status.dataset.editorStatus = "";

  textarea.before(toggle, bar, area, keys);
  root.append(status);
  let markdown = false;
  try {
    markdown = localStorage.getItem(preferMarkdown) === "1";
  } catch {}
  markdownMode(markdown);
}

for (const root of document.querySelectorAll("[data-editor]")) start(root);
