//! Scoring tokenization and sentence splitting against a CoNLL-U treebank, the way the CoNLL
//! 2018 shared task evaluation script (`conll18_ud_eval.py`) does.
//!
//! The raw text is rebuilt from the `# text` lines ([`rebuild_text`]), segmented by dyad's
//! default [`Tokenizer`](crate::Tokenizer) and [`SentenceSplitter`](crate::SentenceSplitter),
//! and compared with the gold segmentation by character offsets in the text with all
//! whitespace removed:
//!
//! * **Tokens**: surface tokens (a multiword token counts once, as its whole span; dyad's clitic
//!   pieces are merged back into the token they were split from);
//! * **Words**: syntactic words; words inside multiword tokens are aligned by the longest common
//!   subsequence of their lowercased forms, as in the script;
//! * **Sentences**: sentence spans.
//!
//! Precision, recall and F1 (`2PR / (P + R)`) of each are in [`TokenizeScores`].

use crate::conllu::ConlluSentence;
use dyad_core::{Sentence, Token};
use serde::Serialize;
use std::fmt;
use std::ops::Range;

/// Rebuilds the raw text of a treebank from its `# text` lines: sentences joined by a space
/// inside a paragraph, a blank line (`"\n\n"`) before each `# newpar` or `# newdoc`.
pub fn rebuild_text(gold: &[ConlluSentence]) -> String {
    rebuild_text_with_spans(gold).0
}

/// [`rebuild_text`], also returning the byte range of each sentence in the rebuilt text.
pub fn rebuild_text_with_spans(gold: &[ConlluSentence]) -> (String, Vec<Range<usize>>) {
    let mut text = String::new();
    let mut spans = Vec::with_capacity(gold.len());
    for (i, s) in gold.iter().enumerate() {
        if i > 0 {
            text.push_str(if s.newpar || s.newdoc { "\n\n" } else { " " });
        }
        let start = text.len();
        match &s.text {
            Some(t) => text.push_str(t.trim()),
            None => {
                // No `# text`: the surface tokens with their SpaceAfter.
                let toks = s.surface_tokens();
                for (k, (form, space)) in toks.iter().enumerate() {
                    text.push_str(form);
                    if *space && k + 1 < toks.len() {
                        text.push(' ');
                    }
                }
            }
        }
        spans.push(start..text.len());
    }
    (text, spans)
}

/// Precision, recall and F1 of one level, with the counts they come from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Score {
    /// Correct / system.
    pub precision: f64,
    /// Correct / gold.
    pub recall: f64,
    /// `2PR / (P + R)`.
    pub f1: f64,
    /// Units in the gold data.
    pub gold: usize,
    /// Units dyad produced.
    pub system: usize,
    /// Units that match.
    pub correct: usize,
}

impl Score {
    /// The score from counts (0 where a denominator is 0).
    pub fn from_counts(gold: usize, system: usize, correct: usize) -> Self {
        let div = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let (p, r) = (div(correct, system), div(correct, gold));
        let f1 = if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        };
        Score {
            precision: p,
            recall: r,
            f1,
            gold,
            system,
            correct,
        }
    }
}

/// Tokenization and sentence-splitting scores (CoNLL 2018 shared task), as fractions in 0..=1
/// for the `*_f1` fields; the displayed table shows percentages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct TokenizeScores {
    /// F1 of surface tokens.
    pub tokens_f1: f64,
    /// F1 of syntactic words.
    pub words_f1: f64,
    /// F1 of sentences.
    pub sentences_f1: f64,
    /// Surface tokens in detail.
    pub tokens: Score,
    /// Syntactic words in detail.
    pub words: Score,
    /// Sentences in detail.
    pub sentences: Score,
}

impl TokenizeScores {
    fn new(tokens: Score, words: Score, sentences: Score) -> Self {
        TokenizeScores {
            tokens_f1: tokens.f1,
            words_f1: words.f1,
            sentences_f1: sentences.f1,
            tokens,
            words,
            sentences,
        }
    }
}

impl fmt::Display for TokenizeScores {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<10} {:>9} {:>9} {:>9} {:>8} {:>8} {:>8}",
            "Metric", "Precision", "Recall", "F1", "Gold", "System", "Correct"
        )?;
        for (name, s) in [
            ("Tokens", self.tokens),
            ("Words", self.words),
            ("Sentences", self.sentences),
        ] {
            writeln!(
                f,
                "{:<10} {:>9.2} {:>9.2} {:>9.2} {:>8} {:>8} {:>8}",
                name,
                100.0 * s.precision,
                100.0 * s.recall,
                100.0 * s.f1,
                s.gold,
                s.system,
                s.correct
            )?;
        }
        Ok(())
    }
}

/// A word for alignment: its span in non-whitespace characters, whether it belongs to a
/// multiword token (then the span is the whole token's) and its lowercased form.
#[derive(Debug, Clone, PartialEq)]
struct EvalWord {
    start: usize,
    end: usize,
    multiword: bool,
    form: String,
}

/// Gold and system segmentation in non-whitespace character offsets.
#[derive(Debug, Default)]
struct Segmentation {
    tokens: Vec<(usize, usize)>,
    words: Vec<EvalWord>,
    sentences: Vec<(usize, usize)>,
}

fn nonspace_len(s: &str) -> usize {
    s.chars().filter(|c| !c.is_whitespace()).count()
}

fn gold_segmentation(gold: &[ConlluSentence]) -> Segmentation {
    let mut seg = Segmentation::default();
    let mut at = 0usize;
    for s in gold {
        let sent_start = at;
        let mut mwt = s.multiword.iter().peekable();
        let mut i = 0usize;
        while i < s.words.len() {
            let id = i as u32 + 1;
            if let Some(m) = mwt.peek() {
                if m.first == id {
                    let start = at;
                    at += nonspace_len(&m.form);
                    seg.tokens.push((start, at));
                    let last = (m.last as usize).min(s.words.len());
                    for w in &s.words[i..last] {
                        seg.words.push(EvalWord {
                            start,
                            end: at,
                            multiword: true,
                            form: w.form.to_lowercase(),
                        });
                    }
                    i = last.max(i + 1);
                    mwt.next();
                    continue;
                }
            }
            let w = &s.words[i];
            let start = at;
            at += nonspace_len(&w.form);
            seg.tokens.push((start, at));
            seg.words.push(EvalWord {
                start,
                end: at,
                multiword: false,
                form: w.form.to_lowercase(),
            });
            i += 1;
        }
        if at > sent_start {
            seg.sentences.push((sent_start, at));
        }
    }
    seg
}

/// The system segmentation of `text`: `tokens` (with clitic pieces) and `sentences`.
fn system_segmentation(text: &str, tokens: &[Token], sentences: &[Sentence]) -> Segmentation {
    // Non-whitespace characters before each byte offset.
    let mut nws = vec![0u32; text.len() + 1];
    let mut count = 0u32;
    for (i, ch) in text.char_indices() {
        for k in 0..ch.len_utf8() {
            nws[i + k] = count;
        }
        if !ch.is_whitespace() {
            count += 1;
        }
    }
    nws[text.len()] = count;
    let off = |b: u32| nws[b as usize] as usize;
    let mut seg = Segmentation::default();
    let mut k = 0;
    while k < tokens.len() {
        let mut e = k + 1;
        while e < tokens.len() && tokens[e].clitic {
            e += 1;
        }
        let (start, end) = (off(tokens[k].span.start), off(tokens[e - 1].span.end));
        seg.tokens.push((start, end));
        let multiword = e - k > 1;
        for t in &tokens[k..e] {
            let (ws, we) = if multiword {
                (start, end)
            } else {
                (off(t.span.start), off(t.span.end))
            };
            seg.words.push(EvalWord {
                start: ws,
                end: we,
                multiword,
                form: text[t.span.range()].to_lowercase(),
            });
        }
        k = e;
    }
    for s in sentences {
        seg.sentences.push((off(s.span.start), off(s.span.end)));
    }
    seg
}

/// Matching spans of two sorted span lists (the script's `spans_score`).
fn spans_score(gold: &[(usize, usize)], system: &[(usize, usize)]) -> Score {
    let (mut gi, mut si, mut correct) = (0, 0, 0);
    while gi < gold.len() && si < system.len() {
        let (g, s) = (gold[gi], system[si]);
        if s.0 < g.0 {
            si += 1;
        } else if g.0 < s.0 {
            gi += 1;
        } else {
            if g.1 == s.1 {
                correct += 1;
            }
            gi += 1;
            si += 1;
        }
    }
    Score::from_counts(gold.len(), system.len(), correct)
}

fn beyond_end(words: &[EvalWord], i: usize, end: usize) -> bool {
    match words.get(i) {
        None => true,
        Some(w) if w.multiword => w.start >= end,
        Some(w) => w.end > end,
    }
}

fn extend_end(w: &EvalWord, end: usize) -> usize {
    if w.multiword && w.end > end {
        w.end
    } else {
        end
    }
}

/// The script's `find_multiword_span`: the minimal region around a multiword token.
fn find_multiword_span(
    gold: &[EvalWord],
    system: &[EvalWord],
    mut gi: usize,
    mut si: usize,
) -> (usize, usize, usize, usize) {
    let mut end;
    if gold[gi].multiword {
        end = gold[gi].end;
        if !system[si].multiword && system[si].start < gold[gi].start {
            si += 1;
        }
    } else {
        end = system[si].end;
        if !gold[gi].multiword && gold[gi].start < system[si].start {
            gi += 1;
        }
    }
    let (gs, ss) = (gi, si);
    while !beyond_end(gold, gi, end) || !beyond_end(system, si, end) {
        if gi < gold.len() && (si >= system.len() || gold[gi].start <= system[si].start) {
            end = extend_end(&gold[gi], end);
            gi += 1;
        } else {
            end = extend_end(&system[si], end);
            si += 1;
        }
    }
    (gs, ss, gi, si)
}

/// Aligns words as the script's `align_words` does and returns the number aligned.
fn aligned_words(gold: &[EvalWord], system: &[EvalWord]) -> usize {
    let (mut gi, mut si, mut aligned) = (0, 0, 0);
    while gi < gold.len() && si < system.len() {
        if gold[gi].multiword || system[si].multiword {
            let (gs, ss, ge, se) = find_multiword_span(gold, system, gi, si);
            (gi, si) = (ge, se);
            if ge > gs && se > ss {
                let (gn, sn) = (ge - gs, se - ss);
                // lcs[g][s]: longest common subsequence of gold[gs+g..ge] and system[ss+s..se].
                let mut lcs = vec![vec![0usize; sn + 1]; gn + 1];
                for g in (0..gn).rev() {
                    for s in (0..sn).rev() {
                        lcs[g][s] = if gold[gs + g].form == system[ss + s].form {
                            1 + lcs[g + 1][s + 1]
                        } else {
                            lcs[g + 1][s].max(lcs[g][s + 1])
                        };
                    }
                }
                let (mut g, mut s) = (0, 0);
                while g < gn && s < sn {
                    if gold[gs + g].form == system[ss + s].form {
                        aligned += 1;
                        g += 1;
                        s += 1;
                    } else if lcs[g][s] == lcs[g + 1][s] {
                        g += 1;
                    } else {
                        s += 1;
                    }
                }
            }
        } else if (gold[gi].start, gold[gi].end) == (system[si].start, system[si].end) {
            aligned += 1;
            gi += 1;
            si += 1;
        } else if gold[gi].start <= system[si].start {
            gi += 1;
        } else {
            si += 1;
        }
    }
    aligned
}

fn score(gold: &Segmentation, system: &Segmentation) -> TokenizeScores {
    let words = Score::from_counts(
        gold.words.len(),
        system.words.len(),
        aligned_words(&gold.words, &system.words),
    );
    TokenizeScores::new(
        spans_score(&gold.tokens, &system.tokens),
        words,
        spans_score(&gold.sentences, &system.sentences),
    )
}

/// Scores a segmentation of [`rebuild_text`]`(gold)` against the gold treebank.
pub fn score_segmentation(
    gold: &[ConlluSentence],
    text: &str,
    tokens: &[Token],
    sentences: &[Sentence],
) -> TokenizeScores {
    score(
        &gold_segmentation(gold),
        &system_segmentation(text, tokens, sentences),
    )
}

/// Rebuilds the text of `gold`, segments it with dyad's default tokenizer and sentence
/// splitter, and scores the result (CoNLL 2018 shared task scoring).
pub fn score_tokenization(gold: &[ConlluSentence]) -> TokenizeScores {
    let text = rebuild_text(gold);
    let mut doc = dyad_core::Document::new(dyad_core::Metadata::with_id("gold"), text);
    crate::segment(&mut doc);
    score_segmentation(gold, doc.text(), &doc.tokens, &doc.sentences)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conllu::parse_str;
    use dyad_core::Span;

    /// A CoNLL-U sentence from `(id, form, misc)` lines.
    fn conllu(comments: &str, rows: &[(&str, &str, &str)]) -> String {
        let mut s = comments.to_string();
        for (id, form, misc) in rows {
            s.push_str(&format!("{id}\t{form}\t_\t_\t_\t_\t_\t_\t_\t{misc}\n"));
        }
        s.push('\n');
        s
    }

    fn gold() -> Vec<ConlluSentence> {
        let mut src = conllu(
            "# newdoc id = d\n# text = I don't know.\n",
            &[
                ("1", "I", "_"),
                ("2-3", "don't", "_"),
                ("2", "do", "_"),
                ("3", "n't", "_"),
                ("4", "know", "SpaceAfter=No"),
                ("5", ".", "_"),
            ],
        );
        src.push_str(&conllu("# text = Fine\n", &[("1", "Fine", "_")]));
        src.push_str(&conllu(
            "# newpar id = p2\n# text = Ok!\n",
            &[("1", "Ok", "SpaceAfter=No"), ("2", "!", "_")],
        ));
        parse_str(&src, "t").unwrap()
    }

    fn toks(spans: &[(usize, usize, bool)]) -> Vec<Token> {
        spans
            .iter()
            .map(|&(s, e, clitic)| Token {
                span: Span::new(s, e),
                clitic,
            })
            .collect()
    }

    fn sents(ranges: &[(usize, usize, u32, u32)]) -> Vec<Sentence> {
        ranges
            .iter()
            .map(|&(s, e, a, b)| Sentence {
                span: Span::new(s, e),
                tokens: a..b,
            })
            .collect()
    }

    #[test]
    fn rebuilds_text_with_paragraphs() {
        let g = gold();
        let (text, spans) = rebuild_text_with_spans(&g);
        assert_eq!(text, "I don't know. Fine\n\nOk!");
        assert_eq!(&text[spans[1].clone()], "Fine");
        assert_eq!(&text[spans[2].clone()], "Ok!");
    }

    #[test]
    fn perfect_segmentation_scores_one() {
        let g = gold();
        let text = rebuild_text(&g);
        // I | do n't | know | . | Fine | Ok | !
        let t = toks(&[
            (0, 1, false),
            (2, 4, false),
            (4, 7, true),
            (8, 12, false),
            (12, 13, false),
            (14, 18, false),
            (20, 22, false),
            (22, 23, false),
        ]);
        let s = sents(&[(0, 13, 0, 5), (14, 18, 5, 6), (20, 23, 6, 8)]);
        let sc = score_segmentation(&g, &text, &t, &s);
        assert_eq!(sc.tokens, Score::from_counts(7, 7, 7));
        assert_eq!(sc.words, Score::from_counts(8, 8, 8));
        assert_eq!(sc.sentences, Score::from_counts(3, 3, 3));
        assert!((sc.tokens_f1 - 1.0).abs() < 1e-12);
    }

    #[test]
    fn errors_are_counted_like_the_shared_task_script() {
        let g = gold();
        let text = rebuild_text(&g);
        // `don't` not split (one token, one word), `know.` one token, "Fine Ok!" one sentence.
        let t = toks(&[
            (0, 1, false),
            (2, 7, false),
            (8, 13, false),
            (14, 18, false),
            (20, 22, false),
            (22, 23, false),
        ]);
        let s = sents(&[(0, 13, 0, 3), (14, 23, 3, 6)]);
        let sc = score_segmentation(&g, &text, &t, &s);
        // Tokens: I, don't, Fine, Ok, ! match; `know.` does not: 5 of 6 system, 5 of 7 gold.
        assert_eq!(sc.tokens, Score::from_counts(7, 6, 5));
        // Words: `don't` against gold `do`+`n't` in the multiword region: no form matches.
        assert_eq!(sc.words, Score::from_counts(8, 6, 4));
        assert_eq!(sc.sentences, Score::from_counts(3, 2, 1));
        let p: f64 = 5.0 / 6.0;
        let r: f64 = 5.0 / 7.0;
        assert!((sc.tokens_f1 - 2.0 * p * r / (p + r)).abs() < 1e-12);
    }

    #[test]
    fn words_inside_multiword_tokens_align_by_form() {
        let g = gold();
        let text = rebuild_text(&g);
        // `don't` split as `don` + `'t` (wrong pieces): the surface token still matches.
        let t = toks(&[
            (0, 1, false),
            (2, 5, false),
            (5, 7, true),
            (8, 12, false),
            (12, 13, false),
            (14, 18, false),
            (20, 22, false),
            (22, 23, false),
        ]);
        let s = sents(&[(0, 13, 0, 5), (14, 18, 5, 6), (20, 23, 6, 8)]);
        let sc = score_segmentation(&g, &text, &t, &s);
        assert_eq!(sc.tokens.correct, 7);
        assert_eq!(sc.words, Score::from_counts(8, 8, 6));
    }

    #[test]
    fn whitespace_is_ignored_in_offsets() {
        let sc = spans_score(&[(0, 3), (3, 5)], &[(0, 3), (3, 4), (4, 5)]);
        assert_eq!(sc, Score::from_counts(2, 3, 1));
        assert_eq!(Score::from_counts(0, 0, 0).f1, 0.0);
    }
}
