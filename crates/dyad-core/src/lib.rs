//! dyad's data model.
//!
//! A [`Document`] owns the original text of one news report and its [`Metadata`]. Every stage of
//! the pipeline reads the document and adds a layer of its own: the tokenizer adds [`Token`]s,
//! the sentence splitter [`Sentence`]s, later stages add tags, trees, actors and events. Every
//! layer refers to the text by [`Span`]s, byte offsets into the original text, so that
//! `&doc.text()[span]` always gives back exactly the words a record was made from.
//!
//! ```
//! use dyad_core::{Document, Metadata, Span, Token};
//!
//! let mut doc = Document::new(Metadata::with_id("d1"), "Russia's army moved.");
//! doc.tokens.push(Token::new(Span::new(0, 6)));
//! assert_eq!(doc.slice(doc.tokens[0].span), "Russia");
//! ```
#![warn(missing_docs)]

mod document;
mod error;
mod hash;
mod layers;
mod span;

pub use document::{Document, Metadata, Sentence, Syntax, Token};
pub use error::{Error, Result};
pub use hash::{fnv1a, Fnv1a, FnvBuildHasher};
pub use layers::{
    split_actor_code, ActorMention, DateMention, Entity, Event, EventActor, Evidence, Location,
    PlaceMention, Plover, Quote, Speaker, ROLE_CODES,
};
pub use span::Span;

/// Parses a calendar date in ISO 8601 form (`YYYY-MM-DD`), the form used on the command line and
/// in every dyad output.
pub fn parse_iso_date(s: &str) -> Result<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| Error::BadDate {
        value: s.chars().take(64).collect(),
    })
}

/// Where a report's dateline ends, as the index of its dash: "MANAGUA , June 10 ( dyad ) -",
/// "KYIV ( Reuters ) --", "PORT-AU-PRINCE , Haiti , Oct 18 -". The first word is an upper-case
/// place name, no word outside parentheses before the dash starts in lower case, the dash
/// comes within 16 words, and at least three words follow it.
pub fn dateline_end(words: &[&str]) -> Option<usize> {
    let first = words.first()?;
    let upper = |w: &str| {
        w.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !w.chars().any(char::is_lowercase)
    };
    if !upper(first) {
        return None;
    }
    let mut depth = 0usize;
    for (i, w) in words.iter().enumerate().take(16).skip(1) {
        match *w {
            "(" => depth += 1,
            ")" => depth = depth.saturating_sub(1),
            "-" | "--" | "–" | "—" if depth == 0 => {
                return (i + 3 < words.len()).then_some(i);
            }
            _ if depth == 0 && w.chars().next().is_some_and(char::is_lowercase) => return None,
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::dateline_end;

    fn words(s: &str) -> Vec<&str> {
        s.split(' ').collect()
    }

    #[test]
    fn datelines_end_at_their_dash() {
        let w = words("MANAGUA , June 10 ( dyad ) - Police detained 12 activists .");
        assert_eq!(dateline_end(&w), Some(7));
        let w = words("PORT-AU-PRINCE , Haiti , Oct 18 ( dyad ) - A gang kidnapped 16 people .");
        assert_eq!(dateline_end(&w), Some(9));
        let w = words("KYIV ( Reuters ) -- Russian forces shelled the city .");
        assert_eq!(dateline_end(&w), Some(4));
    }

    #[test]
    fn other_openings_are_no_datelines() {
        // A capitalised first word followed by lower-case words, a dash too far, too little
        // after the dash, an ordinary first word.
        for s in [
            "NATO said on Monday - in a statement - that it would stay .",
            "Police detained 12 activists - officials said .",
            "UN , June 10 - Yes .",
            "MOSCOW , A B C D E F G H I J K L M N O P - Russia said so .",
        ] {
            assert_eq!(dateline_end(&words(s)), None, "{s}");
        }
    }
}
