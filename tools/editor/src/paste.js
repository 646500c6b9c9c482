// cleanPastedHTML turns what a word processor or a web page puts on the
// clipboard into plain structure: headings, paragraphs, lists, tables,
// links, bold and italic. Everything else (styles, classes, fonts, spans,
// comments, Office's conditional markup, pasted images held as data) goes;
// the editor's schema then keeps only what Markdown can say.

const dropped = "style, script, noscript, template, meta, link, title, xml, object, embed, iframe, svg, math, head, button, input, select, textarea, form";

export function cleanPastedHTML(html) {
  const doc = new DOMParser().parseFromString(html, "text/html");
  const body = doc.body;

  removeComments(doc, body);
  for (const el of body.querySelectorAll(dropped)) el.remove();
  // Office's own elements: <o:p> holds a paragraph's spacing, <v:shape> and
  // <w:…> drawings and settings.
  for (const el of [...body.querySelectorAll("*")]) {
    if (!el.tagName.includes(":")) continue;
    if (el.tagName.toLowerCase() === "o:p") unwrap(el);
    else el.remove();
  }
  // The bullet or number Word writes as text before a list item tells
  // whether the list is numbered; then it goes.
  for (const el of body.querySelectorAll('[style*="mso-list:Ignore" i], [style*="mso-list: Ignore" i]')) {
    const item = el.closest("p, h1, h2, h3, h4, h5, h6");
    if (item && /^\s*\(?([0-9]+|[a-z]{1,4})[.)]/i.test(el.textContent)) item.dataset.svOrdered = "1";
    el.remove();
  }
  for (const img of body.querySelectorAll("img")) {
    if (!sameSite(img.getAttribute("src"))) img.remove();
  }
  boldAndItalicFromStyle(body);
  wordLists(doc, body);
  for (const el of body.querySelectorAll(".MsoTitle, .Title")) rename(doc, el, "h2");
  // The page title is the only h1; headings in the text are h2 to h4.
  for (const el of body.querySelectorAll("h1")) rename(doc, el, "h2");
  for (const el of body.querySelectorAll("h5, h6")) rename(doc, el, "h4");
  for (const a of body.querySelectorAll("a")) {
    const href = a.getAttribute("href") || "";
    if (!/^(https?:|mailto:|tel:|\/(?!\/))/i.test(href)) unwrap(a); // bookmarks, file: and script links
  }
  for (const cell of body.querySelectorAll("td, th")) flattenCell(doc, cell);
  // A Markdown table has a header row; Word's tables mark none, and their
  // first row is the header.
  for (const table of body.querySelectorAll("table")) {
    const first = table.querySelector("tr");
    if (first && !table.querySelector("th")) for (const td of first.querySelectorAll("td")) rename(doc, td, "th");
  }
  for (const el of body.querySelectorAll("*")) {
    for (const attr of [...el.attributes]) {
      if (!keep(el.tagName, attr.name)) el.removeAttribute(attr.name);
    }
  }
  for (const p of body.querySelectorAll("p")) {
    if (!p.textContent.replace(/[\s\u00a0]/g, "") && !p.querySelector("img")) p.remove();
  }
  return body.innerHTML;
}

function keep(tag, attr) {
  return (tag === "A" && attr === "href") || (tag === "IMG" && (attr === "src" || attr === "alt")) ||
    (tag === "OL" && attr === "start");
}

function sameSite(src) {
  return !!src && /^\/(?!\/)/.test(src);
}

function removeComments(doc, root) {
  const walker = doc.createTreeWalker(root, NodeFilter.SHOW_COMMENT);
  const comments = [];
  while (walker.nextNode()) comments.push(walker.currentNode);
  for (const c of comments) c.remove();
}

function unwrap(el) {
  el.replaceWith(...el.childNodes);
}

function rename(doc, el, tag) {
  const n = doc.createElement(tag);
  n.append(...el.childNodes);
  el.replaceWith(n);
  return n;
}

// Google Docs and some sites mark bold and italic with styles only; Google
// wraps the whole text in a <b> that is not bold.
function boldAndItalicFromStyle(body) {
  for (const el of [...body.querySelectorAll("b, strong, span, font")]) {
    const s = (el.getAttribute("style") || "").toLowerCase().replace(/\s/g, "");
    const notBold = /font-weight:(normal|[1-4]00)/.test(s);
    if ((el.tagName === "B" || el.tagName === "STRONG") && notBold) {
      unwrap(el);
      continue;
    }
    if (el.tagName === "B" || el.tagName === "STRONG") continue;
    let inner = null;
    if (/font-weight:(bold|[6-9]00)/.test(s)) inner = wrapChildren(el, "strong");
    if (/font-style:italic/.test(s)) wrapChildren(inner || el, "em");
  }
}

function wrapChildren(el, tag) {
  const w = el.ownerDocument.createElement(tag);
  w.append(...el.childNodes);
  el.append(w);
  return w;
}

// Word writes list items as paragraphs with "mso-list:l1 level2 lfo3" in
// their style and the bullet or number as text; they become real lists,
// nested by level.
function wordLists(doc, body) {
  const items = [...body.querySelectorAll("p, h1, h2, h3, h4, h5, h6")].filter((p) => /mso-list:\s*l\d+\s+level\d+/i.test(p.getAttribute("style") || ""));
  let stack = []; // open lists, deepest last: {list, level, ordered}
  let last = null;
  for (const p of items) {
    const level = Number((p.getAttribute("style").match(/level(\d+)/i) || [0, 1])[1]);
    const ordered = !!p.dataset.svOrdered;
    const adjacent = last && nextElement(last) === p;
    if (!adjacent) stack = [];
    while (stack.length && stack[stack.length - 1].level > level) stack.pop();
    // A bulleted list right after a numbered one, or the other way round,
    // is a list of its own.
    if (stack.length && stack[stack.length - 1].level === level && stack[stack.length - 1].ordered !== ordered) stack.pop();
    let top = stack[stack.length - 1];
    if (!top || top.level < level) {
      const list = doc.createElement(ordered ? "ol" : "ul");
      if (top) {
        top.list.lastElementChild.append(list);
      } else {
        p.before(list);
      }
      top = { list, level, ordered };
      stack.push(top);
    }
    const li = doc.createElement("li");
    li.append(...p.childNodes);
    top.list.append(li);
    last = p;
  }
  for (const p of items) p.remove();
}

function nextElement(el) {
  let n = el.nextElementSibling;
  while (n && n.tagName !== "P" && !/^H\d$/.test(n.tagName) && !n.textContent.trim()) n = n.nextElementSibling;
  return n;
}

// A Markdown table cell holds one line: paragraphs and breaks in a cell
// become spaces.
function flattenCell(doc, cell) {
  for (const br of cell.querySelectorAll("br")) br.replaceWith(" ");
  const blocks = cell.querySelectorAll("p, div, h1, h2, h3, h4, h5, h6, li");
  if (!blocks.length) return;
  const parts = [];
  for (const b of blocks) {
    if (b.querySelector("p, div, li")) continue;
    parts.push(b);
  }
  const out = doc.createElement("p");
  parts.forEach((b, i) => {
    if (i > 0) out.append(" ");
    out.append(...b.childNodes);
  });
  cell.replaceChildren(out);
}
