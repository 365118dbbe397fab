//! CSV as text: reading records with the line each starts on (LF, CRLF and CR-only files alike),
//! and writing cells a spreadsheet can never run as formulas.

use crate::rules::error::RulesError;
use csv_core::{ReadRecordResult, Reader};
use std::borrow::Cow;

/// One record of a CSV file and the line it starts on (from 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// Line number of the record's first character.
    pub line: u64,
    /// The fields, as written (quotes removed).
    pub fields: Vec<String>,
}

/// Line numbers of byte offsets: a line break is `\r\n`, `\n` or a lone `\r`.
struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    fn new(bytes: &[u8]) -> Self {
        let mut starts = vec![0];
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
                starts.push(i + 1);
            }
            i += 1;
        }
        Lines { starts }
    }

    fn line_of(&self, offset: usize) -> u64 {
        let index = self.starts.partition_point(|start| *start <= offset);
        u64::try_from(index).unwrap_or(u64::MAX)
    }
}

/// Reads every record of `text` (a leading UTF-8 byte-order mark is skipped; blank lines are
/// skipped). Refuses more than `max_records` records, so a huge file is not read to the end.
pub fn read_records(text: &str, max_records: usize) -> Result<Vec<Record>, RulesError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let bytes = text.as_bytes();
    let lines = Lines::new(bytes);
    let mut reader = Reader::new();
    let mut records = Vec::new();
    let mut pos = 0;
    let mut out = vec![0u8; 1024];
    let mut ends = vec![0usize; 32];
    loop {
        let start = pos
            + bytes
                .get(pos..)
                .unwrap_or_default()
                .iter()
                .take_while(|b| **b == b'\r' || **b == b'\n')
                .count();
        let (mut out_len, mut ends_len) = (0, 0);
        loop {
            let input = bytes.get(pos..).unwrap_or_default();
            let (result, read, written, ended) = reader.read_record(
                input,
                out.get_mut(out_len..).unwrap_or_default(),
                ends.get_mut(ends_len..).unwrap_or_default(),
            );
            pos += read;
            out_len += written;
            ends_len += ended;
            match result {
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull => out.resize(out.len() * 2, 0),
                ReadRecordResult::OutputEndsFull => ends.resize(ends.len() * 2, 0),
                ReadRecordResult::Record => break,
                ReadRecordResult::End => return Ok(records),
            }
        }
        if records.len() >= max_records {
            return Err(RulesError::input(
                "posts",
                format!("The file has more than {max_records} rows"),
            ));
        }
        let mut fields = Vec::with_capacity(ends_len);
        let mut from = 0;
        for end in ends.iter().take(ends_len) {
            let field = out.get(from..*end).unwrap_or_default();
            fields.push(String::from_utf8_lossy(field).into_owned());
            from = *end;
        }
        records.push(Record {
            line: lines.line_of(start),
            fields,
        });
    }
}

/// True for a plain number such as `-56237.38` (safe in a spreadsheet: it is a number, not a
/// formula).
fn plain_number(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let mut parts = digits.splitn(2, '.');
    let whole = parts.next().unwrap_or("");
    let fraction = parts.next();
    !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

/// A cell a spreadsheet shows as text, never runs: a cell starting with `=`, `+`, `-`, `@`, a
/// tab or a carriage return gets a leading `'` (OWASP's advice), unless it is a plain number.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    let risky = cell
        .chars()
        .next()
        .is_some_and(|c| matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r'));
    if risky && !plain_number(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// The cell as it was before [`neutralise`]: a leading `'` before `=`, `+`, `-`, `@`, a tab or a
/// carriage return is taken off, so an exported file reads back to the same text.
pub fn unneutralise(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}

/// CSV text written row by row, CRLF line endings, every cell neutralised and quoted when it
/// holds a comma, quote, line break or edge space.
#[derive(Debug, Default)]
pub struct CsvText {
    text: String,
}

impl CsvText {
    /// Appends one row.
    pub fn row<I, S>(&mut self, cells: I)
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        for (i, cell) in cells.into_iter().enumerate() {
            if i > 0 {
                self.text.push(',');
            }
            let safe = neutralise(cell.as_ref());
            let quote = safe.contains([',', '"', '\n', '\r'])
                || safe.starts_with(' ')
                || safe.ends_with(' ');
            if quote {
                self.text.push('"');
                self.text.push_str(&safe.replace('"', "\"\""));
                self.text.push('"');
            } else {
                self.text.push_str(&safe);
            }
        }
        self.text.push_str("\r\n");
    }

    /// The text written.
    pub fn finish(self) -> String {
        self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of(text: &str) -> Vec<u64> {
        read_records(text, 100)
            .unwrap()
            .iter()
            .map(|r| r.line)
            .collect()
    }

    #[test]
    fn line_numbers_for_every_line_ending() {
        assert_eq!(lines_of("a,b\nc,d\ne,f\n"), [1, 2, 3]);
        assert_eq!(lines_of("a,b\r\nc,d\r\ne,f\r\n"), [1, 2, 3]);
        assert_eq!(lines_of("a,b\rc,d\re,f\r"), [1, 2, 3]);
        assert_eq!(lines_of("a,b\n\n\nc,d"), [1, 4]);
        assert_eq!(lines_of("a,\"two\nlines\"\nc,d\n"), [1, 3]);
        assert_eq!(lines_of("\u{feff}a,b\r\nc,d"), [1, 2]);
    }

    #[test]
    fn quoted_fields_are_read() {
        let records =
            read_records("label,salary\r\n\"Pharmacist, north\",\"£52,000\"\r\n", 10).unwrap();
        assert_eq!(records[1].fields, ["Pharmacist, north", "£52,000"]);
    }

    #[test]
    fn too_many_rows_are_refused() {
        let text = "a\n".repeat(20);
        assert!(read_records(&text, 10).is_err());
    }

    #[test]
    fn formulas_are_neutralised_numbers_kept() {
        let mut csv = CsvText::default();
        csv.row([
            "=cmd|\"/c calc\"!A1",
            "+1",
            "@SUM(A1)",
            "-56237.38",
            "-2+3",
            "\tx",
            "plain",
        ]);
        assert_eq!(
            csv.finish(),
            "\"'=cmd|\"\"/c calc\"\"!A1\",'+1,'@SUM(A1),-56237.38,'-2+3,'\tx,plain\r\n"
        );
        let mut csv = CsvText::default();
        csv.row(["a,b", "say \"hi\""]);
        assert_eq!(csv.finish(), "\"a,b\",\"say \"\"hi\"\"\"\r\n");
    }
}
