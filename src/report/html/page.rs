//! The HTML around the charts: one self-contained page.
//!
//! Everything the page needs is inside it: the stylesheet in a `<style>` element, the charts
//! as inline `<svg>`, no script, no font, image or link to anything outside, so the file can
//! be mailed, archived or opened offline and looks the same. Every piece of text that comes
//! from a file (a scenario name, an intent, a key path) goes through [`escape`]. The print
//! stylesheet keeps each chart, table row and card on one page.

use std::fmt::Write;

use super::palette;

/// `text` with the characters that mean something in HTML replaced by entities.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A chart ready for the page: its stable id, title, SVG and caption.
#[derive(Debug, Clone)]
pub struct Figure {
    /// Stable id (`chart-…`), also the SVG file's name without the prefix.
    pub id: String,
    /// Title, for the accessible name (the SVG draws it too).
    pub title: String,
    /// The SVG document plotters wrote.
    pub svg: String,
    /// Caption, HTML (already escaped).
    pub caption: String,
}

impl Figure {
    /// The name of the figure's own SVG file, such as `service-level.svg`.
    pub fn file_name(&self) -> String {
        format!("{}.svg", self.id.trim_start_matches("chart-"))
    }

    /// The SVG for embedding: without an XML declaration, with an accessible name.
    fn inline_svg(&self) -> String {
        let mut svg = self.svg.trim_start();
        if svg.starts_with("<?xml")
            && let Some(end) = svg.find("?>")
        {
            svg = svg[end + 2..].trim_start();
        }
        match svg.strip_prefix("<svg") {
            Some(rest) => format!(
                "<svg role=\"img\" aria-label=\"{}\"{rest}",
                escape(&self.title)
            ),
            None => svg.to_string(),
        }
    }
}

/// A table cell: a main text and an optional second line (a confidence interval).
#[derive(Debug, Clone, Default)]
pub struct Cell {
    /// Main text (plain; escaped when rendered).
    pub text: String,
    /// Smaller second line (plain).
    pub sub: Option<String>,
    /// Right-aligned, tabular figures.
    pub numeric: bool,
}

impl Cell {
    /// A text cell.
    pub fn text(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            sub: None,
            numeric: false,
        }
    }

    /// A number cell, with an optional second line.
    pub fn number(text: impl Into<String>, sub: Option<String>) -> Cell {
        Cell {
            text: text.into(),
            sub,
            numeric: true,
        }
    }
}

/// A row of a [`Table`]: cells, or a group heading that spans the table.
#[derive(Debug, Clone)]
pub enum Row {
    /// Ordinary cells.
    Cells(Vec<Cell>),
    /// Cells of a highlighted row (a frontier point, an interval that misses a target).
    Marked(Vec<Cell>),
    /// A heading for the rows that follow.
    Group(String),
}

/// A table: headings and rows.
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// Column headings (plain) and whether each column is numeric.
    pub head: Vec<(String, bool)>,
    /// Rows.
    pub rows: Vec<Row>,
}

/// The page under construction: a header, sections, and a footer.
#[derive(Debug)]
pub struct Page {
    title: String,
    body: String,
    nav: Vec<(String, String)>,
    open: bool,
}

impl Page {
    /// A page with a title (plain text), a kind ("Run report") and a line of facts (HTML).
    pub fn new(kind: &str, title: &str, meta_html: &str) -> Page {
        let body = format!(
            "<header>\n<p class=\"kind\">{}</p>\n<h1>{}</h1>\n<p class=\"meta\">{meta_html}</p>\n</header>\n",
            escape(kind),
            escape(title)
        );
        Page {
            title: format!("{title} — staffsim"),
            body,
            nav: Vec::new(),
            open: false,
        }
    }

    /// Starts a section with a heading (plain text) and an id for the contents list.
    pub fn section(&mut self, id: &str, heading: &str) {
        self.close();
        let _ = writeln!(
            self.body,
            "<section id=\"{}\">\n<h2>{}</h2>",
            escape(id),
            escape(heading)
        );
        self.nav.push((id.to_string(), heading.to_string()));
        self.open = true;
    }

    fn close(&mut self) {
        if self.open {
            self.body.push_str("</section>\n");
            self.open = false;
        }
    }

    /// Adds HTML as it is (the caller escapes what came from files).
    pub fn html(&mut self, html: &str) {
        self.body.push_str(html);
        self.body.push('\n');
    }

    /// Adds a paragraph of plain text.
    pub fn paragraph(&mut self, text: &str) {
        let _ = writeln!(self.body, "<p>{}</p>", escape(text));
    }

    /// Adds a highlighted note of plain text.
    pub fn note(&mut self, text: &str) {
        let _ = writeln!(self.body, "<p class=\"note\">{}</p>", escape(text));
    }

    /// Adds a sub-heading (plain text).
    pub fn subheading(&mut self, text: &str) {
        let _ = writeln!(self.body, "<h3>{}</h3>", escape(text));
    }

    /// Adds a figure.
    pub fn figure(&mut self, f: &Figure) {
        let _ = writeln!(
            self.body,
            "<figure id=\"{}\">\n{}\n<figcaption>{}</figcaption>\n</figure>",
            escape(&f.id),
            f.inline_svg().trim_end(),
            f.caption
        );
    }

    /// Adds headline numbers: (label, value, second line), plain text.
    pub fn cards(&mut self, cards: &[(String, String, String)]) {
        if cards.is_empty() {
            return;
        }
        self.body.push_str("<div class=\"cards\">\n");
        for (k, v, ci) in cards {
            let _ = writeln!(
                self.body,
                "<div class=\"card\"><div class=\"k\">{}</div><div class=\"v\">{}</div><div class=\"ci\">{}</div></div>",
                escape(k),
                escape(v),
                escape(ci)
            );
        }
        self.body.push_str("</div>\n");
    }

    /// Adds a two-column list of settings: (name, value), plain text.
    pub fn settings(&mut self, items: &[(String, String)]) {
        self.body.push_str("<dl class=\"settings\">\n");
        for (k, v) in items {
            let _ = writeln!(
                self.body,
                "<div><dt>{}</dt><dd>{}</dd></div>",
                escape(k),
                escape(v)
            );
        }
        self.body.push_str("</dl>\n");
    }

    /// Adds a table, with an optional class.
    pub fn table(&mut self, t: &Table, class: &str) {
        let _ = writeln!(
            self.body,
            "<div class=\"table-wrap\"><table class=\"{}\">\n<thead><tr>",
            escape(class)
        );
        for (h, numeric) in &t.head {
            let _ = write!(
                self.body,
                "<th{}>{}</th>",
                if *numeric { " class=\"num\"" } else { "" },
                escape(h)
            );
        }
        self.body.push_str("</tr></thead>\n<tbody>\n");
        for row in &t.rows {
            let (cells, class) = match row {
                Row::Group(title) => {
                    let _ = writeln!(
                        self.body,
                        "<tr class=\"group\"><th colspan=\"{}\">{}</th></tr>",
                        t.head.len().max(1),
                        escape(title)
                    );
                    continue;
                }
                Row::Cells(cells) => (cells, ""),
                Row::Marked(cells) => (cells, " class=\"marked\""),
            };
            let _ = write!(self.body, "<tr{class}>");
            for c in cells {
                let sub = c
                    .sub
                    .as_ref()
                    .map(|s| format!("<span class=\"ci\">{}</span>", escape(s)))
                    .unwrap_or_default();
                let _ = write!(
                    self.body,
                    "<td{}>{}{sub}</td>",
                    if c.numeric { " class=\"num\"" } else { "" },
                    escape(&c.text)
                );
            }
            self.body.push_str("</tr>\n");
        }
        self.body.push_str("</tbody>\n</table></div>\n");
    }

    /// The footer of a search's report made from the files of `staffsim COMMAND --out`:
    /// who made it, that it is self-contained, and `plots` (HTML: where its charts are also
    /// found).
    pub fn search_footer(command: &str, plots: &str) -> String {
        format!(
            "Made by staffsim {} from the files of <code>staffsim {command} --out</code>. \
             Self-contained: no scripts, no fonts or images from elsewhere. {plots}",
            escape(env!("CARGO_PKG_VERSION"))
        )
    }

    /// The finished document, with a footer (HTML).
    pub fn finish(mut self, footer_html: &str) -> String {
        self.close();
        let nav: String = self
            .nav
            .iter()
            .map(|(id, h)| format!("<a href=\"#{}\">{}</a>", escape(id), escape(h)))
            .collect::<Vec<_>>()
            .join("\n");
        format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>{}</title>\n<style>\n{}</style>\n</head>\n<body>\n<main>\n{}\
             <nav class=\"toc\">{nav}</nav>\n{}<footer>{footer_html}</footer>\n</main>\n</body>\n</html>\n",
            escape(&self.title),
            stylesheet(),
            take_header(&mut self.body),
            self.body
        )
    }
}

/// Splits the header off the front of the body, so the contents list can follow it.
fn take_header(body: &mut String) -> String {
    match body.find("</header>\n") {
        Some(i) => {
            let rest = body.split_off(i + "</header>\n".len());
            std::mem::replace(body, rest)
        }
        None => String::new(),
    }
}

fn stylesheet() -> String {
    let accent = palette::hex(palette::BLUE);
    let warn = palette::hex(palette::ORANGE);
    format!(
        r#":root {{ --ink: #222; --muted: #5f6368; --rule: #e3e5e8; --band: #f5f6f8; --accent: {accent}; --warn: {warn}; }}
* {{ box-sizing: border-box; }}
html {{ -webkit-text-size-adjust: 100%; }}
body {{ margin: 0; background: #eef0f3; color: var(--ink);
  font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Liberation Sans", "DejaVu Sans", sans-serif; }}
main {{ max-width: 1060px; margin: 0 auto; padding: 36px 48px 56px; background: #fff; min-height: 100vh; }}
header {{ border-bottom: 1px solid var(--rule); padding-bottom: 14px; }}
.kind {{ margin: 0; color: var(--accent); font-size: 12px; font-weight: 600; letter-spacing: .09em; text-transform: uppercase; }}
h1 {{ margin: 4px 0 6px; font-size: 30px; line-height: 1.2; letter-spacing: -.01em; }}
.meta {{ margin: 0; color: var(--muted); font-size: 13.5px; }}
nav.toc {{ display: flex; flex-wrap: wrap; gap: 4px 18px; margin: 12px 0 0; font-size: 13.5px; }}
nav.toc a {{ color: var(--accent); text-decoration: none; }}
nav.toc a:hover {{ text-decoration: underline; }}
h2 {{ margin: 44px 0 14px; padding-bottom: 6px; font-size: 21px; border-bottom: 2px solid var(--ink); }}
h3 {{ margin: 28px 0 8px; font-size: 16px; }}
p {{ max-width: 80ch; }}
.note {{ background: #fdf6e7; border-left: 3px solid var(--warn); padding: 8px 12px; font-size: 13.5px; max-width: none; }}
.cards {{ display: grid; grid-template-columns: repeat(auto-fill, minmax(210px, 1fr)); gap: 12px; margin: 22px 0 8px; }}
.card {{ border: 1px solid var(--rule); border-top: 3px solid var(--accent); border-radius: 4px; padding: 10px 14px 12px; }}
.card .k {{ color: var(--muted); font-size: 12px; letter-spacing: .03em; text-transform: uppercase; }}
.card .v {{ font-size: 25px; font-weight: 600; font-variant-numeric: tabular-nums; line-height: 1.3; }}
.card .ci {{ color: var(--muted); font-size: 12px; font-variant-numeric: tabular-nums; }}
dl.settings {{ display: grid; grid-template-columns: repeat(auto-fill, minmax(400px, 1fr)); gap: 0 40px; margin: 0; }}
dl.settings div {{ display: flex; justify-content: space-between; gap: 16px; padding: 5px 0; border-bottom: 1px solid var(--rule); font-size: 14px; }}
dl.settings dt {{ color: var(--muted); }}
dl.settings dd {{ margin: 0; text-align: right; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }}
figure {{ margin: 26px 0 34px; break-inside: avoid; page-break-inside: avoid; }}
figure svg {{ display: block; width: 100%; height: auto; border: 1px solid var(--rule); border-radius: 4px; }}
figure svg text {{ font-family: inherit; }}
figcaption {{ margin-top: 8px; color: var(--muted); font-size: 13px; max-width: 90ch; }}
figcaption ol {{ margin: 4px 0 0; padding-left: 22px; }}
.table-wrap {{ overflow-x: auto; margin: 8px 0 26px; }}
table {{ border-collapse: collapse; width: 100%; font-size: 13px; font-variant-numeric: tabular-nums; }}
th, td {{ padding: 6px 8px; text-align: left; vertical-align: top; border-bottom: 1px solid var(--rule); }}
thead th {{ background: var(--band); border-bottom: 1px solid #c9ccd1; font-weight: 600; }}
th.num, td.num {{ text-align: right; }}
td.num {{ white-space: nowrap; }}
td .ci {{ display: block; color: var(--muted); font-size: 11px; }}
td:first-child {{ white-space: nowrap; }}
tr.group th {{ padding-top: 16px; color: var(--accent); font-size: 12px; letter-spacing: .05em; text-transform: uppercase; background: #fff; }}
tr.marked td {{ background: #fff4ec; }}
tr.marked td:first-child {{ box-shadow: inset 3px 0 0 {frontier}; font-weight: 600; }}
ul.warnings li {{ margin: 4px 0; }}
footer {{ margin-top: 48px; padding-top: 12px; border-top: 1px solid var(--rule); color: var(--muted); font-size: 12.5px; }}
@media (max-width: 700px) {{ main {{ padding: 20px 16px; }} h1 {{ font-size: 24px; }} }}
@page {{ size: A4; margin: 14mm 12mm; }}
@media print {{
  body {{ background: #fff; font-size: 10.5pt; }}
  main {{ max-width: none; padding: 0; min-height: 0; }}
  nav.toc {{ display: none; }}
  h2, h3 {{ break-after: avoid; page-break-after: avoid; }}
  figure, .cards, .card, tr, dl.settings div {{ break-inside: avoid; page-break-inside: avoid; }}
  figure svg {{ border: none; }}
  .table-wrap {{ overflow: visible; }}
  a {{ color: inherit; text-decoration: none; }}
}}
"#,
        frontier = palette::hex(palette::FRONTIER)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_from_files_is_escaped() {
        assert_eq!(
            escape("<b>\"A&B\"</b> 'x'"),
            "&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt; &#39;x&#39;"
        );
    }

    #[test]
    fn embedded_svg_loses_its_xml_declaration() {
        let f = Figure {
            id: "chart-x".into(),
            title: "A <title>".into(),
            svg: "<?xml version=\"1.0\"?>\n<svg width=\"1\"></svg>".into(),
            caption: String::new(),
        };
        assert_eq!(
            f.inline_svg(),
            "<svg role=\"img\" aria-label=\"A &lt;title&gt;\" width=\"1\"></svg>"
        );
        assert_eq!(f.file_name(), "x.svg");
    }

    #[test]
    fn a_page_is_one_document_with_its_sections_listed() {
        let mut p = Page::new("Run report", "Desk <1>", "facts");
        p.section("settings", "Settings");
        p.paragraph("a & b");
        let html = p.finish("footer");
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.contains("<h1>Desk &lt;1&gt;</h1>"));
        assert!(html.contains("<a href=\"#settings\">Settings</a>"));
        assert!(html.contains("<p>a &amp; b</p>"));
        assert!(html.find("</header>").unwrap() < html.find("<nav").unwrap());
        assert!(html.trim_end().ends_with("</html>"));
    }
}
