// The search box: a type-ahead combobox (WAI-ARIA APG pattern) over muscles, trigger points,
// regions and conditions. It searches in the page with Fuse.js, so queries never leave it.

import Fuse from "./vendor/fuse.basic.min.mjs";

const KIND_ORDER = { muscle: 0, region: 1, "trigger point": 2, condition: 3 };

export class SearchBox {
  constructor(form, navigate) {
    this.form = form;
    this.input = form.querySelector("[role=combobox]");
    this.list = form.querySelector("[role=listbox]");
    this.navigate = navigate;
    this.results = [];
    this.active = -1;
    this.input.addEventListener("focus", () => this.load(), { once: true });
    this.input.addEventListener("input", () => this.update());
    this.input.addEventListener("keydown", (e) => this.onKey(e));
    this.input.addEventListener("blur", () => setTimeout(() => this.close(), 150));
    this.list.addEventListener("pointerdown", (e) => e.preventDefault());  // keep focus in the box
    this.list.addEventListener("click", (e) => {
      const option = e.target.closest("[role=option]");
      if (option) this.choose(Number(option.dataset.index));
    });
  }

  async load() {
    this.fuse ??= fetch(this.form.dataset.index, { credentials: "same-origin" })
      .then((r) => r.json())
      .then((entries) => new Fuse(entries, {
        keys: [{ name: "title", weight: 3 }, { name: "aliases", weight: 3 }, { name: "plain", weight: 2 },
          { name: "detail", weight: 0.5 }],
        threshold: 0.34, ignoreLocation: true, includeScore: true,
      }));
    return this.fuse;
  }

  async update() {
    const query = this.input.value.trim();
    if (!query) return this.close();
    const fuse = await this.load();
    if (query !== this.input.value.trim()) return undefined;  // a newer keystroke is on its way
    this.results = fuse.search(query, { limit: 40 })
      .sort((a, b) => a.score - b.score || KIND_ORDER[a.item.kind] - KIND_ORDER[b.item.kind])
      .slice(0, 12).map((r) => r.item);
    this.active = this.results.length ? 0 : -1;
    this.render();
    return undefined;
  }

  render() {
    const options = this.results.map((item, index) => {
      const li = document.createElement("li");
      li.id = `search-option-${index}`;
      li.setAttribute("role", "option");
      li.dataset.index = String(index);
      li.setAttribute("aria-selected", String(index === this.active));
      const title = document.createElement("span");
      title.className = "option-title";
      title.textContent = item.title;
      const kind = document.createElement("span");
      kind.className = "option-kind";
      kind.textContent = item.kind;
      li.append(title, kind);
      return li;
    });
    if (!options.length) {
      const none = document.createElement("li");
      none.className = "option-none";
      none.textContent = "No match: try a muscle, a body region or a condition";
      options.push(none);
    }
    this.list.replaceChildren(...options);
    this.list.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
    this.input.setAttribute("aria-activedescendant", this.active >= 0 ? `search-option-${this.active}` : "");
  }

  close() {
    this.list.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
  }

  onKey(event) {
    const open = !this.list.hidden && this.results.length;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!open) return this.update();
      const step = event.key === "ArrowDown" ? 1 : -1;
      this.active = (this.active + step + this.results.length) % this.results.length;
      this.render();
      document.getElementById(`search-option-${this.active}`)?.scrollIntoView({ block: "nearest" });
    } else if (event.key === "Enter" && open && this.active >= 0) {
      event.preventDefault();
      this.choose(this.active);
    } else if (event.key === "Escape") {
      if (!this.list.hidden) event.preventDefault();
      this.close();
    }
    return undefined;
  }

  choose(index) {
    const item = this.results[index];
    if (!item) return;
    this.close();
    this.input.value = item.title;
    this.navigate(new URL(item.url, location.href).href);
  }
}
