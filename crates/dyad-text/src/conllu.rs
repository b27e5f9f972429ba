//! A reader for CoNLL-U, the Universal Dependencies file format.
//!
//! Used by the evaluations (gold tokenization, tags and trees) and by model training. It reads
//! the whole format: comment lines (`# text = ...`, `# newdoc`, `# newpar`), multiword token
//! ranges (`3-4  don't`), empty nodes (`5.1`, skipped), and the ten columns of each word.

use std::fmt;
use std::path::Path;

/// A malformed CoNLL-U line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct ConlluError {
    /// File name (or `<string>`).
    pub file: String,
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// One syntactic word of a sentence (a CoNLL-U word line).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Word {
    /// Surface form.
    pub form: String,
    /// Lemma (`_` when absent).
    pub lemma: String,
    /// Universal part of speech.
    pub upos: String,
    /// Language-specific part of speech (Penn Treebank tags in English treebanks).
    pub xpos: String,
    /// Morphological features (`_` when absent).
    pub feats: String,
    /// Head word, 1-based; 0 is the root. `None` when the column is `_`.
    pub head: Option<u32>,
    /// Dependency relation.
    pub deprel: String,
    /// The MISC column.
    pub misc: String,
}

impl Word {
    /// Whether MISC says `SpaceAfter=No`.
    pub fn no_space_after(&self) -> bool {
        self.misc.split('|').any(|f| f == "SpaceAfter=No")
    }
}

/// A multiword token: a surface token made of several words (`don't` = `do` + `n't`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MultiwordToken {
    /// First word, 1-based.
    pub first: u32,
    /// Last word, 1-based, inclusive.
    pub last: u32,
    /// Surface form.
    pub form: String,
    /// The MISC column.
    pub misc: String,
}

/// One sentence of a CoNLL-U file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ConlluSentence {
    /// `# sent_id`.
    pub sent_id: Option<String>,
    /// `# text`.
    pub text: Option<String>,
    /// A `# newdoc` comment stands before this sentence.
    pub newdoc: bool,
    /// A `# newpar` comment stands before this sentence.
    pub newpar: bool,
    /// Every comment line, without the leading `#`.
    pub comments: Vec<String>,
    /// The syntactic words, in order (word `i` has id `i + 1`).
    pub words: Vec<Word>,
    /// Multiword tokens, in order.
    pub multiword: Vec<MultiwordToken>,
}

impl ConlluSentence {
    /// The surface tokens: each multiword token once, every other word on its own, with whether
    /// a space follows. This is what a tokenizer is scored against.
    pub fn surface_tokens(&self) -> Vec<(&str, bool)> {
        let mut out = Vec::with_capacity(self.words.len());
        let mut mwt = self.multiword.iter().peekable();
        let mut i = 0usize;
        while i < self.words.len() {
            let id = i as u32 + 1;
            if let Some(m) = mwt.peek() {
                if m.first == id {
                    let no_space = m.misc.split('|').any(|f| f == "SpaceAfter=No");
                    out.push((m.form.as_str(), !no_space));
                    i = m.last as usize;
                    mwt.next();
                    continue;
                }
            }
            let w = &self.words[i];
            out.push((w.form.as_str(), !w.no_space_after()));
            i += 1;
        }
        out
    }
}

impl fmt::Display for ConlluSentence {
    /// Writes the sentence back in CoNLL-U (comments, multiword ranges, words, blank line).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in &self.comments {
            writeln!(f, "#{c}")?;
        }
        let mut mwt = self.multiword.iter().peekable();
        for (i, w) in self.words.iter().enumerate() {
            let id = i as u32 + 1;
            if let Some(m) = mwt.peek() {
                if m.first == id {
                    writeln!(
                        f,
                        "{}-{}\t{}\t_\t_\t_\t_\t_\t_\t_\t{}",
                        m.first, m.last, m.form, m.misc
                    )?;
                    mwt.next();
                }
            }
            let head = w.head.map_or_else(|| "_".to_string(), |h| h.to_string());
            writeln!(
                f,
                "{id}\t{}\t{}\t{}\t{}\t{}\t{head}\t{}\t_\t{}",
                w.form, w.lemma, w.upos, w.xpos, w.feats, w.deprel, w.misc
            )?;
        }
        writeln!(f)
    }
}

/// Parses CoNLL-U text. `file` names the source in errors.
pub fn parse_str(input: &str, file: &str) -> Result<Vec<ConlluSentence>, ConlluError> {
    let err = |line: usize, message: String| ConlluError {
        file: file.to_string(),
        line,
        message,
    };
    let mut out = Vec::new();
    let mut cur = ConlluSentence::default();
    for (n, raw) in input.lines().enumerate() {
        let lineno = n + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() {
            if !cur.words.is_empty() {
                out.push(std::mem::take(&mut cur));
            } else if !cur.comments.is_empty() {
                return Err(err(
                    lineno,
                    "comments with no words before a blank line".into(),
                ));
            }
            continue;
        }
        if let Some(c) = line.strip_prefix('#') {
            let body = c.trim_start();
            if let Some(v) = body.strip_prefix("text =") {
                cur.text = Some(v.trim_start().to_string());
            } else if let Some(v) = body.strip_prefix("sent_id =") {
                cur.sent_id = Some(v.trim().to_string());
            } else if body.starts_with("newdoc") {
                cur.newdoc = true;
                cur.newpar = true;
            } else if body.starts_with("newpar") {
                cur.newpar = true;
            }
            cur.comments.push(c.to_string());
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(err(
                lineno,
                format!("expected 10 tab-separated columns, found {}", cols.len()),
            ));
        }
        let id = cols[0];
        if id.contains('.') {
            continue; // empty node of the enhanced graph
        }
        if let Some((a, b)) = id.split_once('-') {
            let first: u32 = a
                .parse()
                .map_err(|_| err(lineno, format!("bad range id `{id}`")))?;
            let last: u32 = b
                .parse()
                .map_err(|_| err(lineno, format!("bad range id `{id}`")))?;
            if last < first {
                return Err(err(lineno, format!("bad range id `{id}`")));
            }
            cur.multiword.push(MultiwordToken {
                first,
                last,
                form: cols[1].to_string(),
                misc: cols[9].to_string(),
            });
            continue;
        }
        let n: usize = id
            .parse()
            .map_err(|_| err(lineno, format!("bad word id `{id}`")))?;
        if n != cur.words.len() + 1 {
            return Err(err(lineno, format!("word id {n} out of sequence")));
        }
        let head = match cols[6] {
            "_" => None,
            h => Some(
                h.parse()
                    .map_err(|_| err(lineno, format!("bad head `{h}`")))?,
            ),
        };
        cur.words.push(Word {
            form: cols[1].to_string(),
            lemma: cols[2].to_string(),
            upos: cols[3].to_string(),
            xpos: cols[4].to_string(),
            feats: cols[5].to_string(),
            head,
            deprel: cols[7].to_string(),
            misc: cols[9].to_string(),
        });
    }
    if !cur.words.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

/// Reads a CoNLL-U file.
pub fn read_file(path: &Path) -> Result<Vec<ConlluSentence>, ConlluError> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| ConlluError {
        file: name.clone(),
        line: 0,
        message: e.to_string(),
    })?;
    parse_str(&text, &name)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# newdoc id = d1\n# text = I don't know.\n1\tI\tI\tPRON\tPRP\t_\t4\tnsubj\t_\t_\n2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n2\tdo\tdo\tAUX\tVBP\t_\t4\taux\t_\t_\n3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_\n4\tknow\tknow\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No\n5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n\n";

    #[test]
    fn reads_words_and_multiword_tokens() {
        let s = parse_str(SAMPLE, "x").unwrap();
        assert_eq!(s.len(), 1);
        assert!(s[0].newdoc && s[0].newpar);
        assert_eq!(s[0].text.as_deref(), Some("I don't know."));
        assert_eq!(s[0].words.len(), 5);
        assert_eq!(s[0].words[3].head, Some(0));
        let toks = s[0].surface_tokens();
        assert_eq!(
            toks,
            vec![("I", true), ("don't", true), ("know", false), (".", true)]
        );
    }

    #[test]
    fn round_trips() {
        let s = parse_str(SAMPLE, "x").unwrap();
        let again = parse_str(&s[0].to_string(), "x").unwrap();
        assert_eq!(s, again);
    }

    #[test]
    fn reports_bad_lines() {
        let e = parse_str("1\tI\tI\n", "f.conllu").unwrap_err();
        assert_eq!(e.line, 1);
        assert!(e.to_string().starts_with("f.conllu:1:"));
    }
}
