// Raw HTML in a page body is dropped when the site renders it
// (internal/site/markdown.go). The editor parses Markdown with this marked
// instance, which drops it the same way and remembers which tags it dropped,
// so the editor can say so instead of losing them silently.
import { Marked, Tokenizer } from "marked";

const base = new Tokenizer();
let found = null; // the set of tags seen by the parse under way

// tagNames lists the tags in a piece of HTML as "<name>", comments as
// "<!-- -->", in the form the server's notice uses (site.RemovedHTML).
export function tagNames(html) {
  const names = [];
  for (const m of html.matchAll(/<!--[\s\S]*?(?:-->|$)|<\/?([A-Za-z][A-Za-z0-9:-]*)/g)) {
    names.push(m[1] ? "<" + m[1].toLowerCase() + ">" : "<!-- -->");
  }
  return names;
}

function note(raw) {
  if (found) for (const n of tagNames(raw)) found.add(n);
}

export const marked = new Marked({
  gfm: true,
  tokenizer: {
    // A block of HTML becomes nothing, as in goldmark without unsafe HTML.
    html(src) {
      const t = base.html.call(this, src);
      if (!t) return false;
      note(t.raw);
      return { type: "space", raw: t.raw };
    },
    // An inline tag is dropped; the text around it stays.
    tag(src) {
      const t = base.tag.call(this, src);
      if (!t) return false;
      note(t.raw);
      return { type: "removedHTML", raw: t.raw };
    },
  },
});

// removedBy runs parse (which lexes Markdown with the instance above) and
// returns its result and the tags the Markdown's raw HTML had.
export function removedBy(parse) {
  found = new Set();
  try {
    return { result: parse(), removed: [...found] };
  } finally {
    found = null;
  }
}

// removedIn lists the tags of the raw HTML in Markdown src.
export function removedIn(src) {
  return removedBy(() => marked.lexer(src)).removed;
}
