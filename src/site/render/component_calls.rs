//! Which tera components call which, read from the template sources, to say where a component
//! recursion that never ends is written. Tera stops such a render at a fixed depth with a message
//! that names no template or line; the loop itself is a call inside a component's own definition
//! (or a chain of them) and can be pointed at.
//!
//! Definitions are `{% component name(…) %} … {% endcomponent name %}`; calls are
//! `{{<name …/>}}` and `{% <name …> %}`.

use std::collections::{BTreeMap, BTreeSet};

/// A call of one component from inside the definition of another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ComponentCall {
    /// Template holding the call.
    pub template: String,
    /// 1-based line of the call.
    pub line: usize,
    /// 1-based column of the `<` of the call.
    pub column: usize,
    /// The chain of components that loops back, first to last (`a`, `b`, `a`).
    pub chain: Vec<String>,
}

struct Definition<'s> {
    template: &'s str,
    /// Byte offset of the body in the template source.
    body_start: usize,
    body: &'s str,
}

/// The first call (in template name order) that closes a loop of components, if any.
pub(crate) fn first_cycle<'s>(
    sources: impl IntoIterator<Item = (&'s str, &'s str)>,
) -> Option<ComponentCall> {
    let sources: BTreeMap<&str, &str> = sources.into_iter().collect();
    let mut definitions: BTreeMap<String, Definition<'_>> = BTreeMap::new();
    for (template, text) in &sources {
        for (name, body_start, body) in definitions_in(text) {
            definitions.entry(name).or_insert(Definition {
                template,
                body_start,
                body,
            });
        }
    }
    let names: BTreeSet<&str> = definitions.keys().map(String::as_str).collect();
    let calls: BTreeMap<&str, Vec<(&str, usize)>> = definitions
        .iter()
        .map(|(name, def)| (name.as_str(), calls_in(def.body, &names)))
        .collect();
    for start in definitions.keys() {
        let mut path = vec![start.as_str()];
        if let Some(call) = find_loop(&calls, &mut path, start, &mut BTreeSet::new()) {
            let (caller, offset) = call;
            let def = &definitions[caller];
            let source = sources[def.template];
            let at = def.body_start + offset;
            let line = source[..at].matches('\n').count() + 1;
            let line_start = source[..at].rfind('\n').map_or(0, |i| i + 1);
            return Some(ComponentCall {
                template: def.template.to_owned(),
                line,
                column: source[line_start..at].chars().count() + 1,
                chain: path.iter().map(|s| (*s).to_owned()).collect(),
            });
        }
    }
    None
}

/// Depth-first search from the last component of `path` for a call back to `target`. Returns the
/// caller and offset of the call that closes the loop, with `path` holding the chain.
fn find_loop<'n>(
    calls: &BTreeMap<&'n str, Vec<(&'n str, usize)>>,
    path: &mut Vec<&'n str>,
    target: &str,
    seen: &mut BTreeSet<&'n str>,
) -> Option<(&'n str, usize)> {
    let current = *path.last()?;
    for &(callee, offset) in calls.get(current).map_or(&[][..], Vec::as_slice) {
        if callee == target {
            path.push(callee);
            return Some((current, offset));
        }
        if seen.insert(callee) {
            path.push(callee);
            if let Some(found) = find_loop(calls, path, target, seen) {
                return Some(found);
            }
            path.pop();
        }
    }
    None
}

/// Each `{% component name(…) %}` in `text`: its name, and its body (offset and text).
fn definitions_in(text: &str) -> Vec<(String, usize, &str)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some((tag_start, tag_end)) = next_tag(text, from) {
        from = tag_end;
        let inside = text[tag_start..tag_end]
            .trim_start_matches(['{', '%', '-'])
            .trim_start();
        let Some(rest) = inside.strip_prefix("component") else {
            continue;
        };
        if !rest.starts_with(char::is_whitespace) {
            continue;
        }
        let name: String = rest
            .trim_start()
            .chars()
            .take_while(|c| is_name_char(*c))
            .collect();
        if name.is_empty() {
            continue;
        }
        let body_end = find_endcomponent(text, tag_end).unwrap_or(text.len());
        found.push((name, tag_end, &text[tag_end..body_end]));
        from = body_end;
    }
    found
}

/// Offset of the next `{%` tag from `from`, and the offset after its `%}`.
fn next_tag(text: &str, from: usize) -> Option<(usize, usize)> {
    let start = from + text.get(from..)?.find("{%")?;
    let end = start + text[start..].find("%}")? + 2;
    Some((start, end))
}

fn find_endcomponent(text: &str, from: usize) -> Option<usize> {
    let mut at = from;
    while let Some((start, end)) = next_tag(text, at) {
        let inside = text[start..end]
            .trim_start_matches(['{', '%', '-'])
            .trim_start();
        if inside.starts_with("endcomponent") {
            return Some(start);
        }
        at = end;
    }
    None
}

/// Calls of known components in `body`: `{{<name` or `{%<name` (spaces and `-` allowed).
fn calls_in<'n>(body: &str, names: &BTreeSet<&'n str>) -> Vec<(&'n str, usize)> {
    let mut found = Vec::new();
    for (lt, _) in body.match_indices('<') {
        let before = body[..lt].trim_end_matches([' ', '\t', '\n', '-']);
        if !(before.ends_with("{{") || before.ends_with("{%")) {
            continue;
        }
        let name: String = body[lt + 1..]
            .chars()
            .take_while(|c| is_name_char(*c))
            .collect();
        if let Some(known) = names.get(name.as_str()) {
            found.push((*known, lt));
        }
    }
    found
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '.'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_component_calling_itself_is_found_at_the_call() {
        let text = "{% component note(text) %}\n<p>{{ text }}</p>\n  {{<note text={text}/>}}\n{% endcomponent note %}\n{{<note text=\"x\"/>}}";
        let call = first_cycle([("parts.html", text)]).unwrap();
        assert_eq!(
            call,
            ComponentCall {
                template: "parts.html".into(),
                line: 3,
                column: 5,
                chain: vec!["note".into(), "note".into()],
            }
        );
    }

    #[test]
    fn a_loop_through_two_templates_names_the_chain() {
        let a = "{% component a() %}{% <b> %}x{% </b> %}{% endcomponent a %}";
        let b = "{% component b() %}\n{{<a/>}}{% endcomponent b %}";
        let call = first_cycle([("a.html", a), ("b.html", b)]).unwrap();
        assert_eq!(call.chain, ["a", "b", "a"]);
        assert_eq!(
            (call.template.as_str(), call.line, call.column),
            ("b.html", 2, 3)
        );
    }

    #[test]
    fn calls_without_a_loop_are_fine() {
        let text = "{% component a() %}{{<b/>}}{% endcomponent a %}{% component b() %}b{% endcomponent b %}";
        assert_eq!(first_cycle([("x.html", text)]), None);
    }
}
