// The query page: YASGUI talking only to this server, spacekg's prefixes, the stored queries as
// examples, labels in result tables, and download links in every format.
(function () {
  "use strict";
  const config = JSON.parse(document.getElementById("spacekg-config").textContent);
  const labels = new Map();

  function escapeHtml(text) {
    return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  }

  // Result tables show each IRI's label, with the prefixed IRI beside it.
  const Table = Yasgui.Yasr.plugins.table;
  const linkFor = Table.prototype.getUriLinkFromBinding;
  Table.prototype.getUriLinkFromBinding = function (binding, prefixes) {
    const link = linkFor.call(this, binding, prefixes);
    const label = labels.get(binding.value);
    return label === undefined ? link : `${escapeHtml(label)} <small class="iri">${link}</small>`;
  };

  // English first, then language-less, then any; of several, the first in code-point order
  // (the rule the command line's tables follow).
  function better(candidate, current) {
    if (current === undefined) return true;
    if (candidate.rank !== current.rank) return candidate.rank < current.rank;
    return candidate.text < current.text;
  }

  async function fetchLabels(iris) {
    const wanted = iris.filter((iri) => !labels.has(iri)).slice(0, 500);
    if (!wanted.length) return;
    const values = wanted.map((iri) => `<${iri}>`).join(" ");
    const query = `SELECT ?s ?label WHERE { VALUES ?s { ${values} } ?s rdfs:label ?label }`;
    const response = await fetch(config.endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/sparql-query", Accept: "application/sparql-results+json" },
      body: query,
    });
    if (!response.ok) return;
    const best = new Map();
    for (const row of (await response.json()).results.bindings) {
      const lang = row.label["xml:lang"] || "";
      const candidate = { rank: lang === "en" ? 0 : lang === "" ? 1 : 2, text: row.label.value };
      if (better(candidate, best.get(row.s.value))) best.set(row.s.value, candidate);
    }
    for (const [iri, candidate] of best) labels.set(iri, candidate.text);
  }

  Yasgui.Yasqe.defaults.autocompleters = ["variables"]; // the others ask prefix.cc and LOV
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: config.endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    endpointCatalogueOptions: { getData: () => [{ endpoint: config.endpoint }] },
    persistenceId: null,
    populateFromUrl: false,
    yasqe: { value: config.prologue + "\n" + config.initial, autocompleters: ["variables"] },
    yasr: { prefixes: config.prefixes, defaultPlugin: "table" },
  });

  const tab = () => yasgui.getTab();
  // Once a table is drawn, fetch the labels it lacks and draw it again with them.
  function watch(yasr) {
    yasr.on("drawn", async () => {
      const bindings = yasr.results && yasr.results.getBindings ? yasr.results.getBindings() || [] : [];
      const missing = new Set();
      for (const row of bindings) {
        for (const value of Object.values(row)) if (value.type === "uri" && !labels.has(value.value)) missing.add(value.value);
      }
      const before = labels.size;
      try {
        if (missing.size) await fetchLabels([...missing]);
      } finally {
        for (const iri of missing) if (!labels.has(iri)) labels.set(iri, undefined);
        if (labels.size !== before && [...missing].some((iri) => labels.get(iri) !== undefined)) {
          yasr.refresh();
        } else {
          document.body.dataset.answered = String(Number(document.body.dataset.answered || 0) + 1);
        }
      }
    });
  }
  watch(tab().getYasr());

  // Downloads of the query in the editor, in every format the endpoint writes.
  const downloads = document.getElementById("downloads");
  function refreshDownloads() {
    const query = tab().getYasqe().getValue();
    downloads.innerHTML = "Download: " + config.formats.map((f) => {
      const url = `${config.endpoint}?query=${encodeURIComponent(query)}&format=${f.name}`;
      return `<a href="${escapeHtml(url)}" download="answer.${f.name}" title="${escapeHtml(f.label)}, for ${f.kinds.join(", ")}">${f.name}</a>`;
    }).join(" ");
  }
  downloads.hidden = false;
  tab().getYasqe().on("change", refreshDownloads);
  refreshDownloads();

  // The stored queries, with their parameters; "run" binds them on the server and runs the result.
  const list = document.getElementById("example-list");
  for (const q of config.queries) {
    const item = document.createElement("li");
    item.dataset.query = q.name;
    const fields = q.parameters.map((p) =>
      `<label>${escapeHtml(p.name)} (${escapeHtml(p.type)}${p.required ? ", required" : ""}) ` +
      `<input data-param="${escapeHtml(p.name)}" value="${escapeHtml(p.default)}" ` +
      `title="${escapeHtml(p.description)}"${p.required ? " required" : ""}></label>`).join("");
    const columns = q.columns.map((c) => `<dt>${escapeHtml(c.name)}</dt><dd>${escapeHtml(c.description)}</dd>`).join("");
    item.innerHTML = `<button type="button" class="example">${escapeHtml(q.title)}</button>` +
      `<p>${escapeHtml(q.description)}</p>` +
      (columns ? `<details><summary>Columns</summary><dl class="columns">${columns}</dl></details>` : "") + fields;
    item.querySelector("button").addEventListener("click", async () => {
      const params = new URLSearchParams({ format: "sparql" });
      for (const input of item.querySelectorAll("input[data-param]")) {
        // An empty field would be sent as the value: a required string would run with "".
        if (input.required && input.value === "") { input.reportValidity(); return; }
        params.set(input.dataset.param, input.value);
      }
      const response = await fetch(`/queries/${encodeURIComponent(q.name)}?${params}`);
      const text = await response.text();
      if (!response.ok) { window.alert(text); return; }
      tab().getYasqe().setValue(config.prologue + "\n" + text);
      tab().query();
    });
    list.appendChild(item);
  }
  document.getElementById("examples").hidden = false;
  document.body.dataset.ready = "true";
})();
