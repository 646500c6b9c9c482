// The editor's dialogs: a link's address, and a file from the media
// library. They are modal <dialog>s (the browser keeps the focus in them,
// Escape closes them and the focus returns to the toolbar), placed after the
// page form so that Enter in their fields cannot submit it.

let seq = 0;

function el(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === "class") e.className = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else if (v !== false && v !== undefined) e.setAttribute(k, v === true ? "" : v);
  }
  e.append(...children);
  return e;
}

function dialog(root, title, ...body) {
  const id = "sv-dialog-" + ++seq;
  const d = el("dialog", { class: "sv-dialog", "aria-labelledby": id }, el("h2", { id }, title), ...body);
  d.addEventListener("close", () => d.remove());
  root.closest("form").after(d);
  return d;
}

function field(id, label, input, hint) {
  const hintEl = hint ? el("div", { class: "sv-hint", id: id + "-hint" }, hint) : "";
  if (hint) input.setAttribute("aria-describedby", id + "-hint");
  input.id = id;
  return el("div", { class: "sv-form-group" }, el("label", { class: "sv-label", for: id }, label), hintEl, input);
}

function button(text, onclick, secondary) {
  return el("button", { type: "button", class: "sv-button" + (secondary ? " sv-button--secondary" : ""), onclick }, text);
}

// The addresses a link may have: the web, e-mail, telephone and the site's
// own pages. "www.…" gets https:// in front.
export function linkAddress(s) {
  s = s.trim();
  if (/^www\./i.test(s)) s = "https://" + s;
  return /^(https?:\/\/[^\s/]+\S*|mailto:\S+@\S+|tel:[+0-9 ()-]+|\/(?!\/)\S*)$/i.test(s) ? s : "";
}

export function linkDialog(editor, t, root) {
  const n = ++seq;
  const current = editor.getAttributes("link").href || "";
  const empty = editor.state.selection.empty && !current;
  const url = el("input", { class: "sv-input", type: "text", inputmode: "url", autocomplete: "off", value: current });
  const text = el("input", { class: "sv-input", type: "text" });
  const error = el("p", { class: "sv-error-message", id: `sv-link-${n}-error`, hidden: true });
  const apply = () => {
    const href = linkAddress(url.value);
    if (!href) {
      error.textContent = t["editor.link_invalid"];
      error.hidden = false;
      url.setAttribute("aria-invalid", "true");
      url.setAttribute("aria-describedby", `sv-link-${n}-url-hint sv-link-${n}-error`);
      url.focus();
      return;
    }
    d.close();
    const chain = editor.chain();
    if (empty) {
      const label = text.value.trim() || href;
      chain.insertContent({ type: "text", text: label, marks: [{ type: "link", attrs: { href } }] }).unsetMark("link").run();
    } else {
      chain.extendMarkRange("link").setLink({ href }).run();
    }
    editor.view.focus();
  };
  const onEnter = (e) => {
    if (e.key === "Enter") {
      e.preventDefault();
      apply();
    }
  };
  url.addEventListener("keydown", onEnter);
  text.addEventListener("keydown", onEnter);
  const d = dialog(root, t["editor.link_title"],
    field(`sv-link-${n}-url`, t["editor.link_url"], url, t["editor.link_url_hint"]),
    error,
    empty ? field(`sv-link-${n}-text`, t["editor.link_text"], text) : "",
    el("div", { class: "sv-actions" },
      button(t["editor.link_apply"], apply),
      current ? button(t["editor.link_remove"], () => { d.close(); editor.chain().extendMarkRange("link").unsetLink().run(); editor.view.focus(); }, true) : "",
      button(t["editor.cancel"], () => { d.close(); editor.view.focus(); }, true)));
  d.showModal();
  url.focus();
}

// mediaDialog lets a person search the media library and insert an image
// (Markdown ![alt](url), empty alt when decorative) or a document (a link
// with its title).
export async function mediaDialog(editor, t, root, listURL) {
  const first = await fetchMedia(listURL, "", "image");
  const n = ++seq;
  const q = el("input", { class: "sv-input", type: "search", autocomplete: "off" });
  const kind = el("select", { class: "sv-select" },
    el("option", { value: "image" }, t["editor.media_images"]),
    el("option", { value: "document" }, t["editor.media_documents"]));
  const status = el("p", { role: "status", class: "sv-hint" });
  const list = el("ul", { class: "sv-editor__media", "aria-label": t["editor.media_results"] });
  const choose = (item) => {
    d.close();
    const chain = editor.chain();
    if (item.kind === "image") chain.setImage({ src: item.url, alt: item.decorative ? "" : item.alt || "" }).run();
    else chain.insertContent({ type: "text", text: item.title, marks: [{ type: "link", attrs: { href: item.url } }] }).unsetMark("link").run();
    editor.view.focus();
  };
  const show = (res) => {
    list.replaceChildren(...res.items.map((item) => el("li", {},
      el("button", { type: "button", class: "sv-editor__media-item", onclick: () => choose(item) },
        item.kind === "image" ? el("img", { src: item.url, alt: "", width: 64, height: 48 }) : "",
        el("span", {}, item.title), " ", el("span", { class: "sv-hint" }, item.label || "")))));
    status.textContent = res.error ? t["editor.media_error"] : t["editor.media_found"].replace("%d", res.items.length);
  };
  let timer;
  const search = () => {
    clearTimeout(timer);
    timer = setTimeout(async () => show(await fetchMedia(listURL, q.value, kind.value)), 250);
  };
  q.addEventListener("input", search);
  kind.addEventListener("change", search);
  // Down from the search field goes to the results; up and down move in them.
  const moveIn = (e) => {
    const items = [...list.querySelectorAll("button")];
    const i = items.indexOf(document.activeElement);
    const to = e.key === "ArrowDown" ? i + 1 : e.key === "ArrowUp" ? i - 1 : null;
    if (to === null || !items.length) return;
    e.preventDefault();
    (to < 0 ? q : items[Math.min(to, items.length - 1)]).focus();
  };
  q.addEventListener("keydown", (e) => {
    if (e.key === "Enter") e.preventDefault();
    moveIn(e);
  });
  list.addEventListener("keydown", moveIn);
  const d = dialog(root, t["editor.media_title"],
    field(`sv-media-${n}-q`, t["editor.media_search"], q),
    field(`sv-media-${n}-kind`, t["editor.media_kind"], kind),
    status, list,
    el("div", { class: "sv-actions" }, button(t["editor.cancel"], () => { d.close(); editor.view.focus(); }, true)));
  show(first);
  d.showModal();
  q.focus();
}

async function fetchMedia(listURL, q, kind) {
  try {
    const res = await fetch(`${listURL}?q=${encodeURIComponent(q)}&kind=${kind}`, { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (!res.ok) return { status: res.status, items: [], error: true };
    const body = await res.json();
    return { status: res.status, items: Array.isArray(body.items) ? body.items : [] };
  } catch {
    return { status: 0, items: [], error: true };
  }
}

function announce(root, text) {
  const s = root.querySelector("[data-editor-status]");
  if (s) s.textContent = text;
}
