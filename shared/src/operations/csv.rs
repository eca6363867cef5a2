//! The one CSV writer: every CSV export goes through [`write`].
//!
//! Cells are typed by their column: text or number. Text cells are
//! neutralised against spreadsheet formula injection (OWASP, "CSV
//! Injection"): a text cell that starts with `=`, `+`, `-`, `@`, a tab or
//! a carriage return gets a leading `'`, so a spreadsheet shows it as text
//! instead of running it. Then every cell gets the usual RFC 4180 quoting
//! (a cell with a comma, a semicolon, a quote or a line break is quoted,
//! its quotes doubled). Number cells are made from integers only, so they
//! can never carry a formula, and they are never prefixed: a negative
//! adjustment (`-60`, `-1,00`) stays a number.

use crate::domain::errors::{FieldCode, ValidationErrors};
use crate::domain::replacements::replacement::format_hours;
use crate::operations::{OpError, Output, Request};

/// One cell, typed by its column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Cell {
    /// Free text (names, notes, ids, dates): neutralised.
    Text(String),
    /// A whole number (minutes).
    Int(i64),
    /// Minutes written as signed hours with a comma, `-1,00`.
    Hours(i64),
    /// Tenths written with a comma, `1,5`.
    Tenths(i64),
}

impl Cell {
    pub fn text(value: impl Into<String>) -> Cell {
        Cell::Text(value.into())
    }
}

/// The first characters a spreadsheet reads as the start of a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Text made safe for a spreadsheet: a leading `'` when it starts like a
/// formula.
fn neutralised(text: &str) -> String {
    if text.starts_with(FORMULA_STARTS) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// RFC 4180 quoting, when needed (`;` too: spreadsheets in French locales
/// split on it).
fn quoted(value: &str) -> String {
    if value.contains([',', ';', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

fn render(cell: &Cell) -> String {
    match cell {
        Cell::Text(text) => quoted(&neutralised(text)),
        Cell::Int(n) => n.to_string(),
        Cell::Hours(minutes) => quoted(&format_hours(*minutes)),
        Cell::Tenths(tenths) => {
            let sign = if *tenths < 0 { "-" } else { "" };
            let n = tenths.unsigned_abs();
            quoted(&format!("{sign}{},{}", n / 10, n % 10))
        }
    }
}

/// A whole CSV document: the header line, then one line per row, each
/// ended by CRLF.
pub fn write(header: &[&str], rows: &[Vec<Cell>]) -> String {
    let mut out = String::new();
    let headings: Vec<Cell> = header.iter().map(|h| Cell::text(*h)).collect();
    for row in std::iter::once(&headings).chain(rows) {
        let line: Vec<String> = row.iter().map(render).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

/// Whether a report is asked as CSV: `format=csv`; `json` or nothing is
/// JSON; anything else is 422 naming `format`.
pub fn wanted(request: &Request) -> Result<bool, OpError> {
    match request.query("format") {
        None | Some("json") => Ok(false),
        Some("csv") => Ok(true),
        Some(_) => {
            let mut errors = ValidationErrors::default();
            errors.push("format", FieldCode::InvalidValue);
            Err(errors.into())
        }
    }
}

/// A CSV document as the answer (200, `text/csv`).
pub fn answer(text: String) -> Output {
    Output {
        status: 200,
        body: serde_json::Value::Null,
        text: Some(("text/csv; charset=utf-8", text)),
        cookies: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(cell: Cell) -> String {
        let doc = write(&["h"], &[vec![cell]]);
        doc.strip_prefix("h\r\n")
            .and_then(|rest| rest.strip_suffix("\r\n"))
            .unwrap()
            .to_string()
    }

    #[test]
    fn text_cells_starting_like_a_formula_get_a_leading_quote() {
        assert_eq!(one(Cell::text("=1+2")), "'=1+2");
        assert_eq!(one(Cell::text("+1")), "'+1");
        assert_eq!(one(Cell::text("-1")), "'-1");
        assert_eq!(one(Cell::text("@SUM(A1)")), "'@SUM(A1)");
        assert_eq!(one(Cell::text("\tx")), "'\tx");
        // A carriage return also needs quoting.
        assert_eq!(one(Cell::text("\rx")), "\"'\rx\"");
        // The worker's name of issue 16: neutralised, then quoted.
        assert_eq!(
            one(Cell::text("=HYPERLINK(\"https://evil.example\",\"W\")")),
            "\"'=HYPERLINK(\"\"https://evil.example\"\",\"\"W\"\")\""
        );
    }

    #[test]
    fn harmless_text_is_untouched_and_dangerous_characters_inside_are_fine() {
        assert_eq!(
            one(Cell::text("Installation Rosemont")),
            "Installation Rosemont"
        );
        assert_eq!(one(Cell::text("a=b")), "a=b");
        assert_eq!(one(Cell::text("2026-12-07")), "2026-12-07");
        assert_eq!(one(Cell::text("")), "");
        assert_eq!(one(Cell::text("'déjà")), "'déjà");
    }

    #[test]
    fn tenths_are_written_with_a_comma() {
        assert_eq!(one(Cell::Tenths(15)), "\"1,5\"");
        assert_eq!(one(Cell::Tenths(-3)), "\"-0,3\"");
        assert_eq!(one(Cell::Tenths(20)), "\"2,0\"");
    }

    #[test]
    fn numbers_stay_numbers_even_when_negative() {
        assert_eq!(one(Cell::Int(-60)), "-60");
        assert_eq!(one(Cell::Int(480)), "480");
        assert_eq!(one(Cell::Hours(-60)), "\"-1,00\"");
        assert_eq!(one(Cell::Hours(435)), "\"7,25\"");
        assert_eq!(one(Cell::Hours(0)), "\"0,00\"");
    }

    #[test]
    fn quotes_commas_semicolons_and_line_breaks_are_quoted() {
        assert_eq!(one(Cell::text("a,b")), "\"a,b\"");
        assert_eq!(one(Cell::text("a;=b")), "\"a;=b\"");
        assert_eq!(one(Cell::text("dit \"non\"")), "\"dit \"\"non\"\"\"");
        assert_eq!(one(Cell::text("deux\nlignes")), "\"deux\nlignes\"");
        assert_eq!(one(Cell::text("-a,b")), "\"'-a,b\"");
    }

    #[test]
    fn a_document_is_its_header_then_its_rows_with_crlf() {
        let doc = write(
            &["name", "minutes"],
            &[
                vec![Cell::text("=x"), Cell::Int(-5)],
                vec![Cell::text("y"), Cell::Int(7)],
            ],
        );
        assert_eq!(doc, "name,minutes\r\n'=x,-5\r\ny,7\r\n");
    }
}
