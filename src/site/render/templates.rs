//! Templates: every `*.html` file under `templates/` (outside `static/`) loaded into one tera 2
//! instance, with tera's errors turned into located diagnostics. Tera 2 treats an undefined
//! variable as an error, so a typo in a template fails the build instead of printing nothing.

use crate::site::diagnostic::{Diagnostic, Diagnostics};
use crate::site::load::discover::{self, slash_path, LinkPolicy};
use crate::site::render::component_calls;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use tera::{Context, ErrorKind, Tera};

/// The loaded templates and their sources (to quote lines in diagnostics).
pub(crate) struct Templates {
    tera: Tera,
    sources: HashMap<String, String>,
    display_dir: PathBuf,
}

impl Templates {
    /// Loads the templates in `dir`; `display_dir` names the folder in diagnostics; `links` says
    /// where symbolic links may lead.
    pub(crate) fn load(
        dir: &Path,
        display_dir: &Path,
        links: &LinkPolicy,
    ) -> Result<Templates, Diagnostics> {
        let mut diagnostics = Diagnostics::default();
        let (files, problems) = discover::files_under(dir, links);
        diagnostics
            .0
            .extend(problems.iter().map(|p| p.diagnostic(display_dir)));
        let mut sources = HashMap::new();
        for rel in files {
            let name = slash_path(&rel);
            if name.starts_with("static/") || !name.ends_with(".html") {
                continue;
            }
            match std::fs::read_to_string(dir.join(&rel)) {
                Ok(text) => {
                    sources.insert(name, text);
                }
                Err(err) => diagnostics.push(Diagnostic::new(
                    display_dir.join(&rel),
                    0,
                    0,
                    format!("cannot read the template: {err}"),
                )),
            }
        }
        let mut templates = Templates {
            tera: Tera::new(),
            sources,
            display_dir: display_dir.to_path_buf(),
        };
        // Templates are added one at a time first so each syntax error is reported, then all
        // together so inheritance between them is checked.
        let mut names: Vec<&String> = templates.sources.keys().collect();
        names.sort();
        for name in &names {
            let mut alone = Tera::new();
            if let Err(err) = alone.add_raw_template(name, &templates.sources[*name]) {
                if matches!(err.kind(), ErrorKind::SyntaxError(_)) {
                    diagnostics.0.extend(templates.load_diagnostics(&err));
                }
            }
        }
        if diagnostics.is_empty() {
            let all: Vec<(&String, &String)> =
                names.iter().map(|n| (*n, &templates.sources[*n])).collect();
            if let Err(err) = templates.tera.add_raw_templates(all) {
                diagnostics.0.extend(templates.load_diagnostics(&err));
            }
        }
        if diagnostics.is_empty() {
            Ok(templates)
        } else {
            Err(diagnostics)
        }
    }

    /// True when a template of that name was loaded.
    pub(crate) fn contains(&self, name: &str) -> bool {
        self.sources.contains_key(name)
    }

    /// Renders `name` with `context`. `page_file` names the page being rendered.
    pub(crate) fn render(
        &self,
        name: &str,
        context: &Context,
        page_file: &Path,
    ) -> Result<String, Diagnostic> {
        self.tera
            .render(name, context)
            .map_err(|err| self.diagnostic(&err, Some(page_file)))
    }

    /// A diagnostic at the first `{% keyword "target" %}` of template `name` (any target when
    /// `target` is empty), or at the template itself when that line is not found.
    fn at_statement(&self, name: &str, keyword: &str, target: &str, message: String) -> Diagnostic {
        let source = self.sources.get(name).map_or("", String::as_str);
        let found = source.lines().enumerate().find_map(|(i, line)| {
            let at = line.find(keyword)?;
            let names_target = target.is_empty()
                || line.contains(&format!("\"{target}\""))
                || line.contains(&format!("'{target}'"));
            names_target.then(|| (i + 1, line[..at].chars().count() + 1))
        });
        let (line, column) = found.unwrap_or((0, 0));
        Diagnostic::new(self.display_dir.join(name), line, column, message).with_source(source)
    }

    /// Tera's "maximum render recursion depth for components exceeded" names no template: point
    /// at the call that makes the components loop.
    fn component_recursion(&self) -> Option<Diagnostic> {
        let call = component_calls::first_cycle(
            self.sources.iter().map(|(n, t)| (n.as_str(), t.as_str())),
        )?;
        let chain = call.chain.join(" → ");
        let d = Diagnostic::new(
            self.display_dir.join(&call.template),
            call.line,
            call.column,
            format!("components call each other without end ({chain})"),
        )
        .expected("a call that stops: put it inside an `{% if %}` that ends the recursion within 20 levels, or remove it");
        Some(match self.sources.get(&call.template) {
            Some(source) => d.with_source(source),
            None => d,
        })
    }

    /// Tera checks references between templates (includes, components, blocks) only when they
    /// are all added, and reports every problem as one text of `error: …` / ` --> name:line:col`
    /// reports: each becomes a located diagnostic.
    fn load_diagnostics(&self, err: &tera::Error) -> Vec<Diagnostic> {
        let ErrorKind::Msg(text) = err.kind() else {
            return vec![self.diagnostic(err, None)];
        };
        let located: Vec<Diagnostic> = text
            .split("\n\n")
            .filter_map(|report| {
                let message = report.lines().next()?.trim().strip_prefix("error: ")?;
                let place = report.lines().find_map(|l| l.trim().strip_prefix("--> "))?;
                let mut parts = place.rsplitn(3, ':');
                let column: usize = parts.next()?.parse().ok()?;
                let line: usize = parts.next()?.parse().ok()?;
                let name = parts.next()?;
                let d = Diagnostic::new(self.display_dir.join(name), line, column, message)
                    .expected("a name of a file under templates/, or a component defined in one");
                Some(match self.sources.get(name) {
                    Some(source) => d.with_source(source),
                    None => d,
                })
            })
            .collect();
        if located.is_empty() {
            vec![self.diagnostic(err, None)]
        } else {
            located
        }
    }

    fn diagnostic(&self, err: &tera::Error, page_file: Option<&Path>) -> Diagnostic {
        let d = match err.kind() {
            ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
                let name = report.filename();
                let span = report.span();
                let mut d = Diagnostic::new(
                    self.display_dir.join(name),
                    span.start_line,
                    span.start_col + 1,
                    report.message().to_string(),
                );
                if let Some(source) = self.sources.get(name) {
                    d = d.with_source(source);
                }
                d
            }
            ErrorKind::CircularInclude { include_chain, .. } => {
                let chain = include_chain.join(" → ");
                let n = include_chain.len();
                let (from, to) = match include_chain.get(n.saturating_sub(2)..) {
                    Some([from, to]) => (from.as_str(), to.as_str()),
                    _ => ("", ""),
                };
                self.at_statement(from, "include", to, format!("templates include each other without end ({chain})"))
                    .expected("an include chain that ends: a template must not include itself, directly or through others")
            }
            ErrorKind::CircularExtend {
                inheritance_chain, ..
            } => {
                let chain = inheritance_chain.join(" → ");
                let last = inheritance_chain.last().map_or("", String::as_str);
                self.at_statement(
                    last,
                    "extends",
                    "",
                    format!("templates extend each other in a loop ({chain})"),
                )
                .expected("a chain of `extends` that ends at a template that extends nothing")
            }
            ErrorKind::MissingParent { current, parent } => Diagnostic::new(
                self.display_dir.join(current),
                0,
                0,
                format!("extends `{parent}`, which does not exist"),
            )
            .expected(format!("a template file templates/{parent}")),
            ErrorKind::TemplateNotFound(name) => {
                Diagnostic::new(self.display_dir.join(name), 0, 0, "template not found")
                    .expected("the file to exist under templates/")
            }
            ErrorKind::Msg(message) if message.contains("recursion depth for components") => self
                .component_recursion()
                .unwrap_or_else(|| Diagnostic::new(&self.display_dir, 0, 0, message.clone())),
            _ => {
                let mut message = err.to_string();
                let mut source = std::error::Error::source(err);
                while let Some(inner) = source {
                    message.push_str(": ");
                    message.push_str(&inner.to_string());
                    source = inner.source();
                }
                Diagnostic::new(&self.display_dir, 0, 0, message)
            }
        };
        match page_file {
            Some(page) => d.during(page),
            None => d,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir_with(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    #[test]
    fn renders_with_inheritance() {
        let dir = dir_with(&[
            (
                "base.html",
                "<main>{% block content %}{% endblock content %}</main>",
            ),
            (
                "page.html",
                "{% extends \"base.html\" %}{% block content %}{{ title }}{% endblock content %}",
            ),
            ("static/x.html", "{{ not loaded }"),
        ]);
        let t =
            Templates::load(dir.path(), Path::new("templates"), &LinkPolicy::anywhere()).unwrap();
        let mut ctx = Context::new();
        ctx.insert("title", "A & B");
        assert_eq!(
            t.render("page.html", &ctx, Path::new("p.md")).unwrap(),
            "<main>A &amp; B</main>"
        );
    }

    #[test]
    fn undefined_variable_is_located_in_the_template() {
        let dir = dir_with(&[("page.html", "<p>\n{{ page.titel }}</p>")]);
        let t =
            Templates::load(dir.path(), Path::new("templates"), &LinkPolicy::anywhere()).unwrap();
        let mut ctx = Context::new();
        ctx.insert("page", &serde_json::json!({"title": "x"}));
        let d = t
            .render("page.html", &ctx, Path::new("content/p.md"))
            .unwrap_err();
        assert_eq!(d.path, Path::new("templates/page.html"));
        assert_eq!(d.line, 2);
        assert_eq!(
            d.during.as_deref().map(PathBuf::as_path),
            Some(Path::new("content/p.md"))
        );
        assert!(
            d.to_string().contains("(while rendering content/p.md)"),
            "{d}"
        );
    }

    #[test]
    fn syntax_errors_are_all_reported() {
        let dir = dir_with(&[("a.html", "{% if x %}"), ("b.html", "ok {{ }}")]);
        let errors = Templates::load(dir.path(), Path::new("templates"), &LinkPolicy::anywhere())
            .err()
            .unwrap();
        assert_eq!(errors.0.len(), 2, "{errors}");
        assert_eq!(errors.0[0].path, Path::new("templates/a.html"));
    }

    #[test]
    fn component_recursion_is_located_at_the_call_that_loops() {
        let dir = dir_with(&[
            (
                "components.html",
                "{% component note(text) %}\n<p>{{ text }}</p>\n{{<note text={text}/>}}\n{% endcomponent note %}",
            ),
            (
                "page.html",
                "<main>\n{{<note text=\"a\"/>}}\n</main>",
            ),
        ]);
        let t = Templates::load(dir.path(), Path::new("templates"), &LinkPolicy::anywhere());
        let t = match t {
            Ok(t) => t,
            Err(e) => panic!("{e}"),
        };
        let d = t
            .render("page.html", &Context::new(), Path::new("content/p.md"))
            .unwrap_err();
        assert_eq!(
            d.to_string(),
            "templates/components.html:3:3: components call each other without end (note → note) (while rendering content/p.md); \
             expected a call that stops: put it inside an `{% if %}` that ends the recursion within 20 levels, or remove it\n\
             3 | {{<note text={text}/>}}\n  |   ^"
        );
    }
}
