//! A person's replacements as an iCalendar feed (RFC 5545, issue 21): a
//! worker's assignments, a client's requests, one event per shift, in UTC.
//! Calendar applications (Google, Apple, Outlook) subscribe to it by its
//! private address and read it again now and then. Pure: no I/O.
//!
//! Written here rather than with a crate: the feed needs five properties,
//! their escaping and line folding (about forty lines), and the iCalendar
//! crates bring `chrono` next to the `jiff` the rest of the code uses.

use jiff::Timestamp;

/// One event of the feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Stable across reads, so an application updates the event in place.
    pub uid: String,
    pub start: Timestamp,
    pub end: Timestamp,
    pub summary: String,
    pub location: Option<String>,
    pub description: String,
    /// Shown struck through or removed (a cancelled request).
    pub cancelled: bool,
    /// When it last changed.
    pub changed: Timestamp,
}

/// A time as iCalendar writes it in UTC: `20261207T123000Z`.
fn utc(at: Timestamp) -> String {
    at.strftime("%Y%m%dT%H%M%SZ").to_string()
}

/// Text as a property value: backslashes, semicolons, commas and line
/// breaks escaped (RFC 5545 §3.3.11).
fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// A content line folded at 75 octets (never inside a character), each
/// continuation starting with a space, ended by CRLF (§3.1).
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

/// The whole feed, named `name` in the application.
pub fn feed(name: &str, events: &[Event]) -> String {
    let mut out = String::new();
    let mut line = |text: String| fold(&text, &mut out);
    line("BEGIN:VCALENDAR".into());
    line("VERSION:2.0".into());
    line("PRODID:-//Sésame//Remplacements//FR".into());
    line("CALSCALE:GREGORIAN".into());
    line("METHOD:PUBLISH".into());
    line(format!("X-WR-CALNAME:{}", escaped(name)));
    // Read again every hour.
    line("REFRESH-INTERVAL;VALUE=DURATION:PT1H".into());
    line("X-PUBLISHED-TTL:PT1H".into());
    for e in events {
        line("BEGIN:VEVENT".into());
        line(format!("UID:{}", escaped(&e.uid)));
        line(format!("DTSTAMP:{}", utc(e.changed)));
        line(format!("LAST-MODIFIED:{}", utc(e.changed)));
        line(format!("DTSTART:{}", utc(e.start)));
        line(format!("DTEND:{}", utc(e.end)));
        line(format!("SUMMARY:{}", escaped(&e.summary)));
        if let Some(place) = &e.location {
            line(format!("LOCATION:{}", escaped(place)));
        }
        line(format!("DESCRIPTION:{}", escaped(&e.description)));
        line(format!(
            "STATUS:{}",
            if e.cancelled {
                "CANCELLED"
            } else {
                "CONFIRMED"
            }
        ));
        line("END:VEVENT".into());
    }
    line("END:VCALENDAR".into());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    fn event() -> Event {
        Event {
            uid: "r1-2026-12-07@sesame".into(),
            start: at("2026-12-07T12:30:00Z"),
            end: at("2026-12-07T21:00:00Z"),
            summary: "Remplacement : Groupe des Lucioles, poupons".into(),
            location: Some("CPE Les Lucioles; 4545 rue Saint-Denis\nMontréal".into()),
            description: "Éducatrice qualifiée".into(),
            cancelled: false,
            changed: at("2026-12-01T10:00:00Z"),
        }
    }

    #[test]
    fn a_feed_holds_its_events_in_utc_with_their_text_escaped() {
        let text = feed("Sésame — Annie", &[event()]);
        assert!(
            text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"),
            "{text}"
        );
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        assert!(text.contains("\r\nDTSTART:20261207T123000Z\r\n"));
        assert!(text.contains("\r\nDTEND:20261207T210000Z\r\n"));
        assert!(text.contains("\r\nSUMMARY:Remplacement : Groupe des Lucioles\\, poupons\r\n"));
        assert!(text.contains("LOCATION:CPE Les Lucioles\\; 4545 rue Saint-Denis\\nMontr"));
        assert!(text.contains("\r\nSTATUS:CONFIRMED\r\n"));
        assert!(text.contains("X-WR-CALNAME:Sésame — Annie\r\n"));
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_a_character() {
        let mut long = event();
        long.description = "é".repeat(100);
        let text = feed("x", &[long]);
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        // Unfolded, the text is whole again.
        let unfolded = text.replace("\r\n ", "");
        assert!(unfolded.contains(&format!("DESCRIPTION:{}\r\n", "é".repeat(100))));
    }

    #[test]
    fn a_cancelled_request_is_said_cancelled() {
        let mut gone = event();
        gone.cancelled = true;
        assert!(feed("x", &[gone]).contains("\r\nSTATUS:CANCELLED\r\n"));
    }
}
