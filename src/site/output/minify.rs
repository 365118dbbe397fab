//! Minified scripts: whitespace and comments dropped, local names shortened and expressions
//! folded by oxc's minifier, so the calculator and the search box reach a slow connection
//! sooner. Legal comments (`/*!`, `@license`, `@preserve`) are kept.

use oxc_allocator::Allocator;
use oxc_codegen::{Codegen, CodegenOptions, CommentOptions, LegalComment};
use oxc_minifier::{Minifier, MinifierOptions};
use oxc_parser::Parser;
use oxc_span::SourceType;

/// `text`, an ES module that parsed without error, minified.
pub(crate) fn minify_module(text: &str) -> String {
    let allocator = Allocator::default();
    let mut program = Parser::new(&allocator, text, SourceType::mjs())
        .parse()
        .program;
    let minified = Minifier::new(MinifierOptions::default()).minify(&allocator, &mut program);
    let options = CodegenOptions {
        comments: CommentOptions {
            legal: LegalComment::Inline,
            ..CommentOptions::disabled()
        },
        ..CodegenOptions::minify()
    };
    Codegen::new()
        .with_options(options)
        .with_scoping(minified.scoping)
        .build(&program)
        .code
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_spaces_go_and_licence_comments_and_exports_stay() {
        let text = "/*! Library 1.0 | MIT licence */\n// How the total is made.\n\
                    export function total(items) {\n  let runningTotal = 0;\n  \
                    for (const item of items) runningTotal += item;\n  return runningTotal;\n}\n";
        let minified = minify_module(text);
        assert!(minified.len() < text.len() / 2 + 40, "{minified}");
        assert!(
            minified.contains("/*! Library 1.0 | MIT licence */"),
            "{minified}"
        );
        assert!(!minified.contains("How the total"), "{minified}");
        assert!(!minified.contains("runningTotal"), "{minified}");
        assert!(minified.contains("function total("), "{minified}");
    }

    #[test]
    fn import_specifiers_are_kept() {
        let minified =
            minify_module("import { el } from './dom-0123.js';\nexport const x = () => el('p') && import('./more-4567.js');\n");
        assert!(minified.contains("\"./dom-0123.js\""), "{minified}");
        // Quoted as a template literal without substitutions: still a literal specifier.
        assert!(minified.contains("import(`./more-4567.js`)"), "{minified}");
    }
}
