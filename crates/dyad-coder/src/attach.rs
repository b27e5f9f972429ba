//! Gives each coded event its date and place from the document's date and place layers.

use crate::{dates, places};
use dyad_core::{Document, Span};
use std::ops::Range;

/// Sets `date`, `date_source` and `location` of every event of `doc`: the time expression and
/// the literal place attached to the event's clause (an expression or place inside the event's
/// evidence, or one whose governing verb is inside it), else the document's date and main place.
pub fn attach_dates_and_places(doc: &mut Document) {
    if doc.events.is_empty() {
        return;
    }
    let doc_date = doc.meta.date;
    let main = places::main_place(&doc.places).cloned();
    let mut updates = Vec::with_capacity(doc.events.len());
    for e in &doc.events {
        // The evidence's token range, document-wide.
        let first = doc
            .tokens
            .partition_point(|t| t.span.end <= e.evidence.start);
        let last = doc
            .tokens
            .partition_point(|t| t.span.start < e.evidence.end);
        let range = first as u32..last.max(first) as u32;
        let date = dates::clause_date(doc, &doc.dates, e.sentence, range.clone())
            .and_then(|d| dates::day_value(&d.value).map(|v| (v, d.value.clone())));
        let place = places::clause_place(doc, &doc.places, e.sentence, range).cloned();
        updates.push((date, place));
    }
    for (e, (date, place)) in doc.events.iter_mut().zip(updates) {
        match (date, doc_date) {
            (Some((day, _)), _) => {
                e.date = Some(day.to_string());
                e.date_source = "text".to_string();
            }
            (None, Some(d)) => {
                e.date = Some(d.to_string());
                e.date_source = "document".to_string();
            }
            (None, None) => {
                e.date = None;
                e.date_source = "none".to_string();
            }
        }
        e.location = place.or_else(|| main.clone());
    }
}

/// The first of `items` (spans of one sentence, in text order) attached to the clause covering
/// `tokens` (document-wide token indices): one whose governing verb (climbing at most four
/// heads from its first token) lies inside `tokens`, else one lying inside `tokens` itself.
/// Shared by [`crate::dates::clause_date`] and [`crate::places::clause_place`].
pub(crate) fn clause_item<'a, T>(
    doc: &Document,
    items: &[(Span, &'a T)],
    tokens: Range<u32>,
) -> Option<&'a T> {
    if let Some(syn) = doc.syntax.as_ref().filter(|s| s.len() == doc.tokens.len()) {
        for &(span, item) in items {
            // Tokens are in text order: a binary search finds the item's first token.
            let t = doc.tokens.partition_point(|t| t.span.start < span.start);
            if doc
                .tokens
                .get(t)
                .is_none_or(|tok| tok.span.start != span.start)
            {
                continue;
            }
            let mut v = t;
            for _ in 0..4 {
                match syn.head[v] {
                    Some(h) if (h as usize) < syn.len() => v = h as usize,
                    _ => break,
                }
                if syn.upos[v] == "VERB" {
                    break;
                }
            }
            if syn.upos[v] == "VERB" && tokens.contains(&(v as u32)) {
                return Some(item);
            }
        }
    }
    let (a, b) = (tokens.start as usize, tokens.end as usize);
    let first = doc.tokens.get(a..b)?.first()?.span.start;
    let last = doc.tokens.get(a..b)?.last()?.span.end;
    items
        .iter()
        .find(|(span, _)| span.start >= first && span.end <= last)
        .map(|&(_, item)| item)
}
