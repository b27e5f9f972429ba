//! The event coder: rules matched on Universal Dependencies trees.
//!
//! For every verb (and every noun some rule names as an event word) of a sentence, the rules of
//! its lemma are tried most specific first; the first that matches gives the event:
//!
//! * **words**: every word of the rule must be found in the event word's *region*: its
//!   dependency subtree without the subject and without embedded clauses (for a noun event
//!   also the obliques of the verb that governs it: "held talks *with Japan*");
//! * **particle**: a child of the verb with that lemma ("call *off*");
//! * **target**: the actor heading the slot the rule names: the direct object, the object of
//!   a preposition, or the subject of a `that` clause; a rule that names a target matches only
//!   when an actor stands there;
//! * **complement**: an `xcomp`/`ccomp`/`advcl` clause with the rule's verb and words
//!   ("agreed *to withdraw troops*"); its words are then consumed, so "threatened to impose
//!   sanctions" is one threat, not also a sanction;
//! * **source**: the subject; the `by`-agent of a passive (whose subject is then the object);
//!   for a clause without its own subject, the subject of the clause it depends on (`xcomp`,
//!   `conj`), or the noun a relative clause modifies; for a noun event, its possessor (a
//!   possessive pronoun: the nearest earlier actor that is not the clause subject, else the
//!   subject; "criticized Russia for its attacks" are Russia's), else an actor modifying it
//!   ("a Russian attack"), else the subject of its verb unless that verb judges the act
//!   ("condemned the attacks": then the verb's object, "blamed Russia for the attacks", or no
//!   source). No event is coded without a coded source.
//!
//! Rules compiled from PETRARCH dictionaries are [`Rule::linear`]: their words may stand
//! anywhere in the verb's subtree, their targets only after the verb (or the subject, with
//! [`Rule::target_subject`]), a pattern without a target slot may take the first actor after
//! the verb ([`Rule::first_after`]), and a passive without an agent keeps its subject as the
//! source (see `docs/coding.md`).
//!
//! Conjoined actors ("Russia and China") give one event per conjunct. A bare agent owned by a
//! possessive pronoun ("arrested its soldiers") takes the code of the actor the pronoun stands
//! for, in its sentence or, when none there can own it, the one country of the last earlier
//! sentence with actors ("Russia massed troops. Its commanders said"); an actor acting on
//! itself gives no event.
//!
//! Negation (`not`, `never`, `no`) sets `negated`, on the event word or on what its
//! subject-less complement hangs from: "had no plans to send", "did not plan to attack",
//! "refused to", "ruled out sending", "denied an attack", "foiled an attack". Modal
//! auxiliaries, conditional clauses, intent verbs and intent nouns ("plans to") set
//! `modality`; an event noun under a word of fear or warning ("warned of an attack", "the
//! threat of an attack") and an act alleged of an accused ("accused Syria of arresting",
//! "blamed Russia for the attacks", even when the accusing rule names the act) are
//! `hypothetical`, with the accused as doer. An act that is ended ("stopped attacking", "ended
//! its attacks") is negated: the sentence reports its end, not a new act.

use crate::rule::{Alt, Rule, RuleComplement, RuleSet};
use dyad_core::{
    split_actor_code, ActorMention, Document, Event, EventActor, Evidence, Plover, Span,
};
use dyad_kb::dictionary::{is_coercive, CodeTable, ComplementKind, TargetSlot};

/// The coder: rules and the code table that gives each code its QuadClass, Goldstein score and
/// PLOVER type.
#[derive(Debug, Clone)]
pub struct Coder {
    rules: RuleSet,
    codes: CodeTable,
    /// Per rule (indexed like [`RuleSet::rules`]): [`required_words`].
    needs: Vec<Vec<Vec<String>>>,
}

/// Choices about which coded events are written; [`Coder::code`] uses the defaults.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CodeOptions {
    /// Keep records that lack the target their act is directed at ([`lacks_target`]): a
    /// statement, appeal, demand, denial, rejection, intent, meeting, aid or other verbal or
    /// cooperative act with no coded target ("Police said ..." whose content codes nothing,
    /// "Cubans demanded food", "Beijing denied"). By default they are dropped: CAMEO directs
    /// every such act at someone, and without that side the record says little more than that
    /// someone spoke or acted. Yielding, protests, force posture, coercion and violence (roots
    /// 08, 14, 15, 17-20) are reported without a counterpart often enough ("the president
    /// resigned", "thousands rallied", "imposed a curfew", "a bomb killed 12") and are kept
    /// either way. The dictionary tests and the PETRARCH suite keep everything (they test what
    /// a rule matches).
    pub targetless: bool,
    /// Keep hypothetical acts: acts only asked for ("urged Russia to withdraw": the
    /// withdrawal), conditional ("could attack", "if ..."), feared or alleged ("accused Russia
    /// of shelling": the shelling). By default they are dropped: the appeal, threat or
    /// accusation that carries them is the event, and the act itself has not happened.
    pub hypothetical: bool,
    /// Keep only events with a coded target (dyadic data, as ICEWS and PETRARCH's default):
    /// protests, resignations and the other targetless records are left out too.
    pub dyadic: bool,
}

impl CodeOptions {
    /// Every record the rules produce: what the dictionary tests and the PETRARCH suite check.
    pub fn everything() -> CodeOptions {
        CodeOptions {
            targetless: true,
            hypothetical: true,
            dyadic: false,
        }
    }

    /// Whether `event` is written under these options.
    pub fn keeps(&self, event: &Event) -> bool {
        (self.targetless || !lacks_target(event))
            && (self.hypothetical || event.modality != "hypothetical")
            && (!self.dyadic || event.target.is_some())
    }
}

/// Whether `event` has no target although its act is directed at someone: any code outside
/// roots 08 (yield: "resigned", "declared a truce"), 14 (protest), 15 (force posture) and 17-20
/// (coercion, assault, fight, mass violence) with no coded target; bare statements (`010`
/// with no target) among them.
pub fn lacks_target(event: &Event) -> bool {
    let one_sided =
        is_coercive(&event.cameo) || matches!(event.cameo.get(..2), Some("08" | "14" | "15"));
    event.target.is_none() && !one_sided
}

/// One sentence's tree, with children lists, in sentence-local indices.
struct Tree<'a> {
    doc: &'a Document,
    /// Document index of the sentence's first token.
    base: usize,
    n: usize,
    head: Vec<Option<usize>>,
    children: Vec<Vec<usize>>,
    /// Actor index (into `actors`) covering each token.
    actor_at: Vec<Option<usize>>,
    actors: Vec<&'a ActorMention>,
    /// Each token's regular de-inflections ([`stems`] of its lowercased form), computed on
    /// first use: `is_word` asks for them for every token and every rule word.
    stems: Vec<std::cell::OnceCell<Vec<String>>>,
    /// Every word [`Tree::is_word`] can say some token is, ASCII-lowercased ([`Tree::vocabulary`]).
    vocabulary: std::cell::OnceCell<std::collections::HashSet<String, dyad_core::FnvBuildHasher>>,
    /// Relations rewritten by [`Tree::repair_participle_predicate`], over the parser's.
    rel: Vec<Option<&'static str>>,
    /// The places of the sentence that no actor mention covers, as country actors: the
    /// targets of violent acts on a place ("shelled Kharkiv", [`place_target`]).
    places: Vec<ActorMention>,
    /// Index into `places` of the place covering each token.
    place_at: Vec<Option<usize>>,
}

impl<'a> Tree<'a> {
    fn new(doc: &'a Document, si: usize) -> Option<Tree<'a>> {
        let syn = doc.syntax.as_ref()?;
        let range = doc.sentences.get(si)?.token_range();
        let base = range.start;
        let n = range.len();
        let mut head = vec![None; n];
        let mut children = vec![Vec::new(); n];
        for (local, i) in range.clone().enumerate() {
            if let Some(h) = syn.head.get(i).copied().flatten() {
                let h = h as usize;
                if h >= base && h < base + n && h != i {
                    head[local] = Some(h - base);
                    children[h - base].push(local);
                }
            }
        }
        // The actor layer is in sentence order: find this sentence's run by binary search
        // rather than scanning every actor of the document for every sentence.
        let lo = doc.actors.partition_point(|a| (a.sentence as usize) < si);
        let hi = doc.actors.partition_point(|a| (a.sentence as usize) <= si);
        let actors: Vec<&ActorMention> = doc.actors[lo..hi].iter().collect();
        let mut actor_at = vec![None; n];
        for (k, a) in actors.iter().enumerate() {
            for t in a.tokens.clone() {
                let t = t as usize;
                if t >= base && t < base + n {
                    actor_at[t - base] = Some(k);
                }
            }
        }
        let (places, place_at) = sentence_places(doc, si, base, n, &actor_at);
        let mut tree = Tree {
            doc,
            base,
            n,
            head,
            children,
            actor_at,
            actors,
            stems: vec![std::cell::OnceCell::new(); n],
            vocabulary: std::cell::OnceCell::new(),
            rel: vec![None; n],
            places,
            place_at,
        };
        tree.repair_participle_predicate();
        tree.repair_reduced_relative();
        Some(tree)
    }

    /// Repairs a parser slip that leaves a sentence without its predicate: "Ugandan police
    /// arrested opposition candidate Bobi Wine" read as a noun phrase whose head is the object
    /// ("Wine", the root), with the verb as its adjectival modifier (`amod`) and the actor
    /// before the verb as the noun's `nsubj` (after a dateline, as its sibling). A past-tense
    /// or participle verb in that place, right after an actor mention whose head is that
    /// subject or sibling, is the predicate: it takes the noun's place in the tree, the actor
    /// becomes its subject and the noun its object, and what the noun governs after the verb
    /// (dates, clauses, punctuation) moves to the verb. A true participle modifier ("the
    /// Saudi-led coalition", "a banned party") has no actor right before it in that place and
    /// is left alone.
    fn repair_participle_predicate(&mut self) {
        let n = self.n;
        for v in 1..n {
            let Some(h) = self.head[v] else { continue };
            let syn = self.syn();
            let i = self.base + v;
            let xpos = syn.xpos.get(i).map(String::as_str).unwrap_or("");
            if h <= v
                || syn.upos.get(i).map(String::as_str) != Some("VERB")
                || !matches!(xpos, "VBD" | "VBN")
                || syn.deprel.get(i).map(String::as_str) != Some("amod")
                || !self.children[v].is_empty()
                || !matches!(self.upos(h), "NOUN" | "PROPN")
                || self.actor_at[v - 1].is_none()
            {
                continue;
            }
            // A title before a name is the name's: "arrested opposition leader | Kizza
            // Besigye", with the title `nmod:desc` of the name.
            let mut h = h;
            while let Some(g) = self.head[h] {
                if g > h && matches!(self.deprel(h), "compound" | "nmod:desc") {
                    h = g;
                } else {
                    break;
                }
            }
            // The actor is the noun's subject, or (after a dateline, "KAMPALA, Nov 18 (dyad) -
            // Ugandan police arrested ...") a sibling the parser hung beside it, or the noun
            // hangs from the actor ("Russian police | detained opposition politician X", the
            // object read as a conjunct or modifier of the subject).
            let m = self.mention_head(v - 1);
            if m >= v {
                continue;
            }
            let subject = self.head[m] == Some(h) && base_rel(self.deprel(m)) == "nsubj";
            let sibling = self.head[m] == self.head[h]
                && matches!(
                    base_rel(self.deprel(m)),
                    "nsubj" | "parataxis" | "appos" | "dep" | "list"
                );
            let holder = self.head[h] == Some(m)
                && matches!(
                    base_rel(self.deprel(h)),
                    "conj" | "appos" | "nmod" | "parataxis" | "dep" | "list"
                )
                && self.child_with(h, &["cc"]).is_none();
            if !(subject || sibling || holder) {
                continue;
            }
            // The verb takes the place of the clause's head: the noun, or the actor that
            // holds it.
            let top = if holder { m } else { h };
            self.head[v] = self.head[top];
            self.rel[v] = Some(match base_rel(self.deprel(top)) {
                "root" => "root",
                "conj" => "conj",
                "parataxis" => "parataxis",
                _ => "ccomp",
            });
            self.head[h] = Some(v);
            self.rel[h] = Some("obj");
            self.head[m] = Some(v);
            self.rel[m] = Some("nsubj");
            let mut moved: Vec<usize> = self.children[h]
                .iter()
                .copied()
                .filter(|&c| c > h && c != m)
                .collect();
            if holder {
                // The actor's own words stay with it; what it governed after the verb
                // (punctuation, a second clause) is the verb's.
                moved.extend(
                    self.children[m]
                        .iter()
                        .copied()
                        .filter(|&c| c > v && c != h),
                );
            }
            // Later candidates read the repaired tree.
            self.rehang(moved, v);
        }
    }

    /// Hangs `moved` on verb `v` (a nominal modifier becomes an oblique) and rebuilds the
    /// children lists.
    fn rehang(&mut self, moved: Vec<usize>, v: usize) {
        for c in moved {
            self.head[c] = Some(v);
            if base_rel(self.deprel(c)) == "nmod" {
                self.rel[c] = Some("obl");
            }
        }
        for c in self.children.iter_mut() {
            c.clear();
        }
        for t in 0..self.n {
            if let Some(h) = self.head[t] {
                self.children[h].push(t);
            }
        }
    }

    /// Repairs a parse with no predicate where a verb right after an actor is read as a
    /// reduced relative clause: "Indian and Chinese troops fought along the border" parsed as
    /// the noun phrase "troops (who) fought ...", the noun the root and the verb its `acl`. In
    /// a sentence whose root is a noun, a past verb or participle that is the `acl` of a noun right
    /// before it, inside an actor mention, whose conjunct chain leads to the root, is the
    /// predicate: it becomes the root, the root noun its subject, and what the nouns govern
    /// after the verb is the verb's.
    fn repair_reduced_relative(&mut self) {
        let Some(root) = (0..self.n).find(|&t| self.head[t].is_none() && self.deprel(t) == "root")
        else {
            return;
        };
        if !matches!(self.upos(root), "NOUN" | "PROPN") {
            return;
        }
        let verb = (1..self.n).find(|&v| {
            let h = v - 1;
            self.head[v] == Some(h)
                && self.deprel(v) == "acl"
                && self.upos(v) == "VERB"
                && matches!(self.xpos(v), "VBD" | "VBN")
                && self.actor_at[h].is_some()
                && (h == root || self.conjunct_of(h, root))
        });
        let Some(v) = verb else {
            return;
        };
        let noun = v - 1;
        self.head[v] = None;
        self.rel[v] = Some("root");
        self.head[root] = Some(v);
        self.rel[root] = Some("nsubj");
        let moved: Vec<usize> = [root, noun]
            .iter()
            .flat_map(|&x| self.children[x].iter().copied())
            .filter(|&c| c > v)
            .collect();
        self.rehang(moved, v);
    }

    /// Whether `t` is a conjunct of `of`, directly or through other conjuncts.
    fn conjunct_of(&self, mut t: usize, of: usize) -> bool {
        for _ in 0..8 {
            if self.deprel(t) != "conj" {
                return false;
            }
            match self.head[t] {
                Some(h) if h == of => return true,
                Some(h) => t = h,
                None => return false,
            }
        }
        false
    }

    fn syn(&self) -> &dyad_core::Syntax {
        // Tree::new returns None without syntax.
        self.doc.syntax.as_ref().expect("checked in Tree::new")
    }

    fn lemma(&self, t: usize) -> &str {
        &self.syn().lemma[self.base + t]
    }

    fn upos(&self, t: usize) -> &str {
        &self.syn().upos[self.base + t]
    }

    fn xpos(&self, t: usize) -> &str {
        &self.syn().xpos[self.base + t]
    }

    fn deprel(&self, t: usize) -> &str {
        match self.rel.get(t).copied().flatten() {
            Some(r) => r,
            None => &self.syn().deprel[self.base + t],
        }
    }

    fn text(&self, t: usize) -> &str {
        self.doc.token_text(self.base + t)
    }

    /// Whether token `t` is the word `w`: its lemma, its lowercased form, or a regular
    /// de-inflection of the form (so a lemmatizer slip, "pleaded" → "pleade", costs nothing).
    fn is_word(&self, t: usize, w: &str) -> bool {
        self.lemma(t).eq_ignore_ascii_case(w)
            || self.text(t).eq_ignore_ascii_case(w)
            || crate::rule::is_british_of(self.lemma(t), w)
            || self.stems_of(t).iter().any(|s| s == w)
    }

    /// Token `t`'s [`stems`], computed on first use.
    fn stems_of(&self, t: usize) -> &[String] {
        self.stems[t].get_or_init(|| stems(&self.text(t).to_ascii_lowercase()).collect())
    }

    /// Every `w` for which [`Tree::is_word`] holds at some token, ASCII-lowercased: each token's
    /// lemma and form, the American spellings of its lemma and the stems of its form.
    fn vocabulary(&self) -> &std::collections::HashSet<String, dyad_core::FnvBuildHasher> {
        self.vocabulary.get_or_init(|| {
            let mut v = std::collections::HashSet::default();
            for t in 0..self.n {
                let lemma = self.lemma(t).to_ascii_lowercase();
                v.extend(crate::rule::american_spellings(&lemma));
                v.insert(lemma);
                v.insert(self.text(t).to_ascii_lowercase());
                v.extend(self.stems_of(t).iter().cloned());
            }
            v
        })
    }

    fn child_with(&self, t: usize, rels: &[&str]) -> Option<usize> {
        self.children[t]
            .iter()
            .copied()
            .find(|&c| rels.contains(&self.deprel(c)))
    }

    /// The actor whose mention contains `t`, or the nearest actor in `t`'s subtree reached
    /// through nominal modifiers only, searched breadth-first and left to right (so "the
    /// government of Iraq" finds Iraq, and "an attack by Osgiliath soldiers in Ithilen" finds
    /// the soldiers before the place).
    fn actor_of(&self, t: usize) -> Option<usize> {
        self.actor_found(t).map(|(a, _)| a)
    }

    /// [`Tree::actor_of`], with the token where the actor was found.
    fn actor_found(&self, t: usize) -> Option<(usize, usize)> {
        if let Some(a) = self.actor_at[t] {
            return Some((a, t));
        }
        let mut queue: std::collections::VecDeque<usize> =
            self.children[t].iter().copied().collect();
        let mut seen = 0;
        while let Some(c) = queue.pop_front() {
            seen += 1;
            if seen > 64 {
                break;
            }
            let rel = self.deprel(c);
            let nominal = matches!(
                rel,
                "compound"
                    | "flat"
                    | "nmod"
                    | "nmod:poss"
                    | "amod"
                    | "appos"
                    | "nmod:npmod"
                    // A title or description before a name the knowledge base does not
                    // know: "opposition candidate | Tundu Lissu", parsed `nmod:desc`.
                    | "nmod:desc"
            );
            if !nominal {
                continue;
            }
            if let Some(a) = self.actor_at[c] {
                return Some((a, c));
            }
            queue.extend(self.children[c].iter().copied());
        }
        None
    }

    /// The actor at `t` and the actors conjoined with it ("Russia and China", "ambassadors of
    /// Arnor, Osgiliath and Gondor"): `conj` chains from the slot word and from the word where
    /// the actor was found.
    fn actors_with_conjuncts(&self, t: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut starts = vec![t];
        if let Some((a, at)) = self.actor_found(t) {
            out.push(a);
            // One phrase standing for several actors ("the two leaders", `plural.rs`): every
            // mention over the same words.
            let words = &self.actors[a].tokens;
            for (k, m) in self.actors.iter().enumerate() {
                if k != a && m.tokens == *words {
                    out.push(k);
                }
            }
            starts.push(self.mention_head(at));
            // A conjunct hanging inside the mention: "the ambassadors of Arnor, Osgiliath and
            // Gondor" is one mention up to "Arnor", whose conjuncts are the other countries.
            let m = self.actors[a];
            for k in m.tokens.start as usize..m.tokens.end as usize {
                if let Some(l) = k.checked_sub(self.base).filter(|&l| l < self.n) {
                    if !starts.contains(&l) {
                        starts.push(l);
                    }
                    // The mention is itself a conjunct of a nationality word before it:
                    // "Indian and | Chinese troops" (`Chinese` the `conj` of `Indian`).
                    let before = self.head[l].filter(|&h| {
                        self.deprel(l) == "conj" && h + self.base < m.tokens.start as usize
                    });
                    if let Some(h) = before {
                        if let Some(b) = self.actor_at[h] {
                            if !out.contains(&b) {
                                out.push(b);
                            }
                            starts.push(h);
                        }
                    }
                }
            }
        }
        let mut stack: Vec<usize> = Vec::new();
        for s in starts {
            stack.extend(
                self.children[s]
                    .iter()
                    .copied()
                    .filter(|&c| self.deprel(c) == "conj"),
            );
        }
        let mut steps = 0;
        while let Some(c) = stack.pop() {
            steps += 1;
            if steps > 32 {
                break;
            }
            if let Some(a) = self.actor_of(c) {
                if !out.contains(&a) {
                    out.push(a);
                }
            }
            let head = self.mention_head(c);
            stack.extend(
                self.children[head]
                    .iter()
                    .copied()
                    .filter(|&k| self.deprel(k) == "conj"),
            );
        }
        out
    }

    /// The syntactic head of the actor mention covering `t` (the token whose head lies
    /// outside the mention), or `t` itself.
    fn mention_head(&self, t: usize) -> usize {
        let Some(a) = self.actor_at[t] else {
            return t;
        };
        let m = self.actors[a];
        let lo = m.tokens.start as usize - self.base;
        let hi = m.tokens.end as usize - self.base;
        (lo..hi)
            .find(|&k| self.head[k].is_none_or(|h| h < lo || h >= hi))
            .unwrap_or(t)
    }

    /// Whether `k` lies in the subtree of `a`.
    fn descends_from(&self, k: usize, a: usize) -> bool {
        let mut x = Some(k);
        for _ in 0..=self.n {
            match x {
                Some(y) if y == a => return true,
                Some(y) => x = self.head[y],
                None => return false,
            }
        }
        false
    }

    /// `t`'s whole subtree without its subjects (PETRARCH's verb phrase).
    fn subtree_without_subject(&self, t: usize) -> Vec<usize> {
        let mut out = vec![t];
        let mut stack: Vec<usize> = self.children[t]
            .iter()
            .copied()
            .filter(|&c| !matches!(base_rel(self.deprel(c)), "nsubj" | "csubj"))
            .collect();
        while let Some(c) = stack.pop() {
            out.push(c);
            stack.extend(self.children[c].iter().copied());
        }
        out
    }

    /// The `by` agent of the passive verb `t`, if any.
    fn passive_agent(&self, t: usize) -> Option<usize> {
        self.children[t].iter().copied().find(|&c| {
            self.deprel(c) == "obl:agent"
                || (self.deprel(c) == "obl"
                    && self.children[c]
                        .iter()
                        .any(|&k| self.deprel(k) == "case" && self.is_word(k, "by")))
        })
    }

    /// The token standing for the subject of `t`: its `nsubj` or `nsubj:pass` child or, for a
    /// subject-less `xcomp`, the controller (the governing verb's object when it is an actor,
    /// else its passive subject or subject).
    fn subject_token(&self, t: usize) -> Option<usize> {
        // The passive subject first: a verb the parser gave both is passive.
        if let Some(s) = self
            .child_with(t, &["nsubj:pass"])
            .or_else(|| self.child_with(t, &["nsubj"]))
        {
            return Some(s);
        }
        let h = self.head[t]?;
        if self.deprel(t) != "xcomp" {
            return None;
        }
        self.child_with(h, &["obj"])
            .filter(|&o| self.actor_of(o).is_some())
            .or_else(|| self.child_with(h, &["nsubj:pass", "nsubj"]))
    }

    /// The tokens of `t`'s region: its subtree without subjects and embedded clauses, except
    /// the clause `keep`.
    fn region(&self, t: usize, keep: Option<usize>) -> Vec<usize> {
        let mut out = vec![t];
        let mut stack: Vec<usize> = self.children[t].clone();
        while let Some(c) = stack.pop() {
            let rel = self.deprel(c);
            // Clauses with a subject of their own are other events; subject-less `xcomp` and
            // `advcl` children often carry a misparsed object ("extradite the bombing suspect").
            let own_subject = self.children[c]
                .iter()
                .any(|&k| base_rel(self.deprel(k)) == "nsubj");
            let clause = matches!(
                base_rel(rel),
                "nsubj" | "csubj" | "ccomp" | "parataxis" | "conj" | "acl"
            ) || rel == "obl:agent"
                || (matches!(base_rel(rel), "xcomp" | "advcl") && own_subject);
            if self.head[c] == Some(t) && clause && Some(c) != keep {
                continue;
            }
            if self.head[c] != Some(t)
                && (matches!(base_rel(rel), "ccomp" | "parataxis") || rel == "acl:relcl")
            {
                continue;
            }
            out.push(c);
            stack.extend(self.children[c].iter().copied());
        }
        out
    }
}

/// `nsubj:pass` → `nsubj`.
fn base_rel(rel: &str) -> &str {
    rel.split(':').next().unwrap_or(rel)
}

/// A successful match of one rule at one event word.
struct Found<'r> {
    rule: &'r Rule,
    /// The token that decides the target (head of the target slot), if any.
    target_at: Option<usize>,
    /// Every token the rule's words matched.
    used: Vec<usize>,
    /// A place standing as the target of a violent act, when no actor does (index into
    /// `Tree::places`).
    place: Option<usize>,
}

impl Coder {
    /// A coder over `rules`, scoring codes with `codes`.
    pub fn new(rules: RuleSet, codes: CodeTable) -> Coder {
        let needs = rules.rules().iter().map(required_words).collect();
        Coder {
            rules,
            codes,
            needs,
        }
    }

    /// The rules.
    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// The code table.
    pub fn codes(&self) -> &CodeTable {
        &self.codes
    }

    /// Codes every sentence of `doc` and appends the events to `doc.events`, with the default
    /// [`CodeOptions`]. Needs the syntax and actor layers; a document without syntax gets no
    /// events.
    pub fn code(&self, doc: &mut Document) {
        self.code_with(doc, CodeOptions::default());
    }

    /// [`Coder::code`] with `options`.
    pub fn code_with(&self, doc: &mut Document, options: CodeOptions) {
        let mut events = Vec::new();
        for si in 0..doc.sentences.len() {
            if let Some(tree) = Tree::new(doc, si) {
                self.code_sentence(&tree, si, &mut events);
            }
        }
        answer_accusations(&mut events);
        events.retain(|e| options.keeps(e));
        doc.events.extend(events);
    }

    fn code_sentence(&self, tree: &Tree<'_>, si: usize, out: &mut Vec<Event>) {
        if tree.actors.is_empty() {
            return;
        }
        let mut consumed = vec![false; tree.n];
        let mut seen: Vec<(String, Option<String>, String)> = Vec::new();
        // The verb behind each run of events: (verb, first event of the run, a statement
        // with no target that a non-linear rule coded).
        let mut runs: Vec<(usize, usize, bool)> = Vec::new();
        // Verbs first, in order, then nouns: a noun a verb rule used ("held talks") is consumed.
        for pass_nouns in [false, true] {
            for t in 0..tree.n {
                if consumed[t] {
                    continue;
                }
                let upos = tree.upos(t);
                let is_verb = upos == "VERB" || (upos == "AUX" && tree.deprel(t) == "root");
                let is_noun = upos == "NOUN" || upos == "PROPN";
                if (pass_nouns && !is_noun) || (!pass_nouns && !is_verb) {
                    continue;
                }
                let lemma = tree.lemma(t).to_ascii_lowercase();
                let form = tree.text(t).to_ascii_lowercase();
                let mut found = self.match_at(tree, t, &lemma, pass_nouns);
                if found.is_none() {
                    for stem in std::iter::once(form.clone()).chain(stems(&form)) {
                        if stem != lemma {
                            found = self.match_at(tree, t, &stem, pass_nouns);
                            if found.is_some() {
                                break;
                            }
                        }
                    }
                }
                let Some(found) = found else {
                    continue;
                };
                for &u in &found.used {
                    // The act an accusation alleges ("accused Russia of the attack", "of
                    // shelling") is its own, hypothetical event with the accused as doer: the
                    // accusing rule's words do not hide it. PETRARCH's reading codes the
                    // accusation alone.
                    if u != t && !found.rule.linear && is_alleged_act(tree, u) {
                        continue;
                    }
                    consumed[u] = true;
                }
                let at = out.len();
                self.emit(tree, si, t, &found, &mut seen, out);
                let bare = !found.rule.linear
                    && found.rule.code == "010"
                    && out[at..].iter().all(|e| e.target.is_none());
                runs.push((t, at, bare));
            }
        }
        drop_subordinate_statements(tree, &runs, out);
    }

    fn match_at<'r>(
        &'r self,
        tree: &Tree<'_>,
        t: usize,
        lemma: &str,
        noun: bool,
    ) -> Option<Found<'r>> {
        let mut fallback: Option<Found<'r>> = None;
        // A rule whose `with` slot is empty but whose act several actors do together
        // ([`reciprocal`]): taken only when no rule finds its target.
        let mut mutual: Option<Found<'r>> = None;
        // What the rules tried at this word share (where their words may stand).
        let cache = WordCache::default();
        for (i, rule) in self.rules.indexed_for_word(lemma) {
            if rule.noun != noun {
                continue;
            }
            // A word the rule cannot do without is nowhere in the sentence.
            let needs = self.needs.get(i).map_or(&[][..], Vec::as_slice);
            if !needs.is_empty() {
                let vocabulary = tree.vocabulary();
                if !needs
                    .iter()
                    .all(|g| g.iter().any(|w| vocabulary.contains(w)))
                {
                    continue;
                }
            }
            let Some(found) = match_rule(tree, t, rule, &cache) else {
                continue;
            };
            let wants_target = rule.target.is_some()
                || rule.first_after
                || rule
                    .complement
                    .as_ref()
                    .is_some_and(|c| c.target.is_some() || c.kind == ComplementKind::That);
            if wants_target && found.target_at.is_none() && found.place.is_none() {
                if mutual.is_none() && reciprocal(tree, t, rule) {
                    mutual = Some(found);
                }
                continue;
            }
            if !wants_target && fallback.is_none() {
                // A target-less rule: keep looking for a more specific rule with a target
                // of equal specificity; else take this one.
                fallback = Some(found);
                continue;
            }
            if let Some(f) = &fallback {
                if f.rule.specificity > rule.specificity {
                    return fallback;
                }
            }
            return Some(found);
        }
        match (fallback, mutual) {
            (Some(f), Some(m)) if m.rule.specificity > f.rule.specificity => Some(m),
            (f, m) => f.or(m),
        }
    }

    fn emit(
        &self,
        tree: &Tree<'_>,
        si: usize,
        t: usize,
        found: &Found<'_>,
        seen: &mut Vec<(String, Option<String>, String)>,
        out: &mut Vec<Event>,
    ) {
        let rule = found.rule;
        let (sources, passive_object) = sources_of(tree, t, rule);
        if sources.is_empty() {
            return;
        }
        let target_at = found.target_at.or(passive_object).map(|x| {
            // Only statements and threats: a demand's or appeal's clause subject is its
            // addressee ("demanded that Georgian opposition parties end their protests").
            let about = matches!(rule.code.get(..2), Some("01" | "13"));
            if about && !rule.linear {
                own_side_reported(tree, t, x, &sources).unwrap_or(x)
            } else {
                x
            }
        });
        let targets: Vec<Option<usize>> = match target_at {
            Some(at) => tree
                .actors_with_conjuncts(at)
                .into_iter()
                .map(Some)
                .collect(),
            None => vec![None],
        };
        // A code outside the CAMEO table (a PETRARCH dictionary's `174K`) is kept, with no
        // QuadClass (0), Goldstein score or PLOVER type.
        let unknown;
        let code = match self.codes.get(&rule.code) {
            Some(c) => c,
            None => {
                unknown = dyad_kb::dictionary::CameoCode {
                    code: rule.code.clone(),
                    name: String::new(),
                    root: rule.code.chars().take(2).collect(),
                    quad_class: 0,
                    goldstein: 0.0,
                    plover_type: None,
                    plover_mode: None,
                    note: Some("not in the CAMEO code table".to_string()),
                };
                &unknown
            }
        };
        let negated = is_negated(tree, t) || (code.quad_class == 4 && is_ended(tree, t));
        let modality = modality_of(tree, t);
        // "Kerry and Lavrov held talks": a mutual event with no target of its own codes each
        // conjoined source with the others as target.
        let place = found.place.map(|p| &tree.places[p]);
        let mutual =
            targets == [None] && place.is_none() && sources.len() > 1 && is_mutual(&rule.code);
        // "its commanders": a bare agent owned by a possessive pronoun takes its owner's code.
        // PETRARCH's reading leaves it alone (its agents compose by PETRARCH's rules).
        let owned = |k: usize, exclude: &[usize], other: Option<usize>| {
            if rule.linear {
                None
            } else {
                possessed_agent(tree, k, exclude, other)
            }
        };
        let target_ids: Vec<usize> = targets.iter().flatten().copied().collect();
        for &s in &sources {
            let own: Vec<Option<usize>> = if mutual {
                sources
                    .iter()
                    .filter(|&&o| o != s)
                    .map(|&o| Some(o))
                    .collect()
            } else {
                targets.clone()
            };
            let owned_source = owned(s, &target_ids, None);
            let source = owned_source.as_ref().unwrap_or(tree.actors[s]);
            for &tg in &own {
                if tg == Some(s) {
                    continue;
                }
                let owned_target = tg.and_then(|k| owned(k, &sources, Some(s)));
                let target = owned_target
                    .as_ref()
                    .or_else(|| tg.map(|k| tree.actors[k]))
                    .or(place);
                if target.is_some_and(|tm| same_actor(tree, source, tm)) {
                    continue;
                }
                let key = (
                    source.code.clone(),
                    target.map(|m| m.code.clone()),
                    rule.code.clone(),
                );
                if seen.contains(&key) {
                    continue;
                }
                seen.push(key);
                let mut lo = source
                    .span
                    .start
                    .min(tree.doc.tokens[tree.base + t].span.start);
                let mut hi = source.span.end.max(tree.doc.tokens[tree.base + t].span.end);
                for &u in &found.used {
                    let sp = tree.doc.tokens[tree.base + u].span;
                    lo = lo.min(sp.start);
                    hi = hi.max(sp.end);
                }
                if let Some(tm) = target {
                    lo = lo.min(tm.span.start);
                    hi = hi.max(tm.span.end);
                }
                let evidence_span = Span::new(lo as usize, hi as usize);
                let confidence = confidence_of(rule, source, target);
                let mut event = Event {
                    doc_id: tree.doc.id().to_string(),
                    sentence: si as u32,
                    event_id: String::new(),
                    date: tree.doc.meta.date.map(|d| d.to_string()),
                    date_source: if tree.doc.meta.date.is_some() {
                        "document".to_string()
                    } else {
                        "none".to_string()
                    },
                    source: event_actor(tree.doc, source),
                    target: target.map(|m| event_actor(tree.doc, m)),
                    cameo: rule.code.clone(),
                    cameo_root: code.root.clone(),
                    quad_class: code.quad_class,
                    goldstein: code.goldstein as f32,
                    plover: Plover {
                        kind: code.plover_type.clone().unwrap_or_default(),
                        mode: code.plover_mode.clone(),
                    },
                    location: None,
                    evidence: Evidence {
                        text: tree.doc.slice(evidence_span).to_string(),
                        start: lo,
                        end: hi,
                    },
                    rule: rule.id.clone(),
                    negated,
                    modality: modality.to_string(),
                    confidence,
                };
                event.event_id = event_id(&event, t);
                out.push(event);
            }
        }
    }
}

/// CAMEO's `010` is residual, and "statements are typically subordinate events": a statement
/// with no target whose verb governs, or is governed by, another coded act ("Police said they
/// had detained 874 people", "militants attacked Palma, the ministry said") is only the
/// carrier of that act and is dropped. A statement whose content codes nothing stays.
/// `runs` holds each coding verb of one sentence, in order, with the index in `out` of its
/// first event and whether its events are a statement with no target.
fn drop_subordinate_statements(
    tree: &Tree<'_>,
    runs: &[(usize, usize, bool)],
    out: &mut Vec<Event>,
) {
    // Each run's events are `out[start..end]`; a run may have none (all seen before).
    let range = |i: usize| (runs[i].1, runs.get(i + 1).map_or(out.len(), |r| r.1));
    let acts: Vec<usize> = (0..runs.len())
        .filter(|&i| !runs[i].2 && range(i).0 < range(i).1)
        .map(|i| runs[i].0)
        .collect();
    let mut drop: Vec<(usize, usize)> = Vec::new();
    for (i, &(v, _, bare)) in runs.iter().enumerate() {
        let carried = acts.iter().any(|&u| u != v && reports(tree, v, u));
        if bare && carried {
            drop.push(range(i));
        }
    }
    for (lo, hi) in drop.into_iter().rev() {
        out.drain(lo..hi);
    }
}

/// Whether the verb of saying `v` reports the act at `u`: `u` lies in its reported clause
/// ("said | they had detained", "said | it would attack"), or `v` is attached to the act's
/// clause as the source of the report ("militants attacked Palma, | the ministry said"). A
/// conjoined act ("urged Moscow to stop and said") is not reported.
fn reports(tree: &Tree<'_>, v: usize, u: usize) -> bool {
    const CONTENT: &[&str] = &["ccomp", "parataxis", "xcomp"];
    let mut x = u;
    for _ in 0..tree.n {
        match tree.head[x] {
            Some(h) if h == v => return CONTENT.contains(&tree.deprel(x)),
            Some(h) => x = h,
            None => break,
        }
    }
    tree.head[v] == Some(u) && CONTENT.contains(&tree.deprel(v))
}

/// Whether `source` and `target` are one actor, which makes no event: the same person ("Putin
/// ... he"), or the same code naming one body or person ("He [a U.S. official] warned that
/// Washington ..." is not USAGOV against USAGOV; `IGOUNO`), or the same name twice. PETRARCH
/// never expects such an event either. A bare country code on both sides from different words
/// stays: it is a domestic event between a country and its people ("Mexico extended rights to
/// Mexican indigenous communities" is MEX against MEX in CAMEO).
fn same_actor(tree: &Tree<'_>, source: &ActorMention, target: &ActorMention) -> bool {
    let person = crate::actors::is_person;
    if person(source) && person(target) && source.entity.is_some() && source.entity == target.entity
    {
        return true;
    }
    if source.code != target.code {
        return false;
    }
    let one_body = |m: &ActorMention| {
        !m.roles.is_empty() || person(m) || m.how == "metonym" || crate::actors::is_org(m)
    };
    // A name standing for itself, not a nationality modifying the group it names ("Syrian
    // guards tortured Syrian prisoners" are two groups).
    let name = |m: &ActorMention| {
        let head = (m.tokens.start as usize)
            .checked_sub(tree.base)
            .filter(|&l| l < tree.n)
            .map(|l| tree.mention_head(l));
        head.is_some_and(|h| !matches!(tree.deprel(h), "amod" | "compound" | "nmod:poss"))
    };
    one_body(source)
        || one_body(target)
        || (name(source)
            && name(target)
            && tree
                .doc
                .slice(source.span)
                .eq_ignore_ascii_case(tree.doc.slice(target.span)))
}

fn event_actor(doc: &Document, m: &ActorMention) -> EventActor {
    let (country, roles) = split_actor_code(&m.code);
    EventActor {
        text: doc.slice(m.span).to_string(),
        code: m.code.clone(),
        country: m.country.clone().or(country),
        roles: if m.roles.is_empty() {
            roles
        } else {
            m.roles.clone()
        },
        entity: m.entity.clone(),
        span: m.span,
    }
}

/// Whether an act done by several actors together with no target of its own is done by each
/// towards the others: intents, consultations, diplomatic and material cooperation, fighting,
/// and ceasefires (`087`: "Russia and Ukraine agreed to a ceasefire").
fn is_mutual(code: &str) -> bool {
    matches!(code.get(..2), Some("03" | "04" | "05" | "06" | "19")) || code.starts_with("087")
}

/// Whether `rule`, whose `with` slot is empty, still codes at `t` because two or more actors
/// do the act together: "Kyrgyz and Tajik troops clashed" is "clash with TARGET" both ways,
/// "the two leaders agreed to restore diplomatic ties" each with the other. Only mutual acts
/// ([`is_mutual`]) of dyad's own dictionaries; the events are paired in `Coder::emit`.
fn reciprocal(tree: &Tree<'_>, t: usize, rule: &Rule) -> bool {
    let slot_with = is_with_slot(&rule.target)
        || rule.complement.as_ref().is_some_and(|c| {
            is_with_slot(&c.target) && !rule.target.is_some() && !rule.first_after
        });
    // An event noun is the act of its governing verb's subjects only when the verb does it
    // ("reached an agreement", "held talks"), not when it stands apart ("sponsored the
    // negotiations").
    let done = !rule.noun
        || tree.head[t].is_some_and(|h| {
            matches!(
                tree.lemma(h),
                "hold"
                    | "have"
                    | "reach"
                    | "sign"
                    | "conclude"
                    | "begin"
                    | "start"
                    | "open"
                    | "resume"
                    | "launch"
                    | "conduct"
                    | "enter"
                    | "agree"
            )
        });
    !rule.linear
        && !rule.target_subject
        && slot_with
        && done
        && is_mutual(&rule.code)
        && sources_of(tree, t, rule).0.len() > 1
}

/// Whether a target slot is `with TARGET`.
fn is_with_slot(slot: &TargetSlot) -> bool {
    matches!(slot, TargetSlot::Prep(p) if p == "with")
}

/// Whether a pattern word is `with`.
fn is_with(alt: &Alt) -> bool {
    alt.is_word("with")
}

/// The words a rule cannot match without, as groups of which one word at least must be in the
/// sentence (ASCII-lowercased, as [`Tree::vocabulary`]): each of its words and its complement's
/// verb and words (all the words of an alternative in one group), except the `with`, `of` and
/// `from` that may be missing. Checking them against the sentence's vocabulary rules out most of
/// the rules tried at a verb ("threaten" has 242) before any of the matching.
fn required_words(rule: &Rule) -> Vec<Vec<String>> {
    let optional = |a: &Alt| ["with", "of", "from"].iter().any(|w| a.has_word(w));
    let group = |a: &Alt| -> Option<Vec<String>> {
        // An empty phrase matches anywhere: no requirement.
        if a.0.iter().any(|p| p.is_empty()) {
            return None;
        }
        Some(
            a.0.iter()
                .flatten()
                .map(|w| w.to_ascii_lowercase())
                .collect(),
        )
    };
    let mut out: Vec<Vec<String>> = rule
        .words
        .iter()
        .filter(|a| !optional(a))
        .filter_map(group)
        .collect();
    if let Some(c) = &rule.complement {
        out.extend(group(&c.verb));
        out.extend(c.words.iter().filter(|a| !optional(a)).filter_map(group));
    }
    out
}

/// The word `to` of an infinitive complement read as plain words (see [`match_rule`]).
static TO: std::sync::LazyLock<Alt> = std::sync::LazyLock::new(|| Alt::word("to"));

/// Where the words of the rules of word `t` may stand: `t`'s [`Tree::region`] and, for an
/// event noun, the obliques of the verb governing it.
struct Scope {
    region: Vec<usize>,
    /// `free[k]`: word `k` is in `region`.
    free: Vec<bool>,
    /// The verb governing an event noun.
    governor: Option<usize>,
}

impl Scope {
    fn of(tree: &Tree<'_>, t: usize, noun: bool) -> Scope {
        let mut region = tree.region(t, None);
        let governor = if noun {
            tree.head[t].filter(|&h| matches!(tree.upos(h), "VERB" | "AUX"))
        } else {
            None
        };
        if let Some(v) = governor {
            for &c in &tree.children[v] {
                if base_rel(tree.deprel(c)) == "obl" && c != t {
                    region.extend(tree.region(c, None));
                }
            }
        }
        let mut free: Vec<bool> = vec![false; tree.n];
        for &r in &region {
            free[r] = true;
        }
        Scope {
            region,
            free,
            governor,
        }
    }
}

/// What the rules tried at one word share: its [`Scope`] (all the rules are of one kind, noun
/// or verb) and the [`Tree::region`] of each complement clause under it.
#[derive(Default)]
struct WordCache {
    scope: std::cell::OnceCell<Scope>,
    clause_regions: std::cell::RefCell<Vec<(usize, std::rc::Rc<Vec<usize>>)>>,
}

impl WordCache {
    /// `tree.region(c, None)`, computed once per clause `c`.
    fn clause_region(&self, tree: &Tree<'_>, c: usize) -> std::rc::Rc<Vec<usize>> {
        if let Some((_, r)) = self.clause_regions.borrow().iter().find(|(k, _)| *k == c) {
            return r.clone();
        }
        let r = std::rc::Rc::new(tree.region(c, None));
        self.clause_regions.borrow_mut().push((c, r.clone()));
        r
    }
}

/// Matches `rule` at word `t`; `cache` holds what the rules tried at `t` share.
fn match_rule<'r>(
    tree: &Tree<'_>,
    t: usize,
    rule: &'r Rule,
    cache: &WordCache,
) -> Option<Found<'r>> {
    let mut used = Vec::new();
    // Particle.
    if let Some(p) = &rule.particle {
        // A child of the verb, or a word right after it that the parser attached elsewhere
        // ("handed over documents": `over` as the case of `documents`).
        used.push(find_particle(tree, t, p)?);
    }
    // Complement clause.
    let mut complement_at = None;
    let mut complement_target = None;
    // An infinitive complement that is not there may be a `to` phrase the dictionary's grammar
    // read as one ("demand access to evidence from TARGET"): its words are then plain words.
    let mut flat_words: Vec<&Alt> = Vec::new();
    let mut flat_target: Option<&TargetSlot> = None;
    // "Kyrgyz and Tajik troops clashed": the `with` of a mutual act may be missing (see
    // [`reciprocal`]). Asked only when a word is missing: this runs for every rule tried.
    let optional_with = || !rule.linear && is_mutual(&rule.code);
    if let Some(comp) = &rule.complement {
        match match_complement(tree, t, comp, optional_with, cache) {
            Some((c, tgt, cused)) => {
                complement_at = Some(c);
                complement_target = tgt;
                used.extend(cused);
            }
            None if comp.kind == ComplementKind::Infinitive && comp.particle.is_none() => {
                flat_words.push(&TO);
                flat_words.push(&comp.verb);
                flat_words.extend(&comp.words);
                flat_target = Some(&comp.target);
            }
            None => return None,
        }
    }
    // Region: the subtree; for nouns also the obliques of the governing verb.
    let Scope {
        region,
        free,
        governor,
    } = cache.scope.get_or_init(|| Scope::of(tree, t, rule.noun));
    let (region, governor) = (region.as_slice(), *governor);
    let mut free = free.clone();
    // PETRARCH's words may stand anywhere in the verb phrase; its targets are still looked
    // for in the region (a preposition inside a complement clause names no target of the verb).
    if rule.linear {
        for r in tree.subtree_without_subject(t) {
            free[r] = true;
        }
    }
    free[t] = false;
    for &u in &used {
        free[u] = false;
    }
    // "suspend membership of TARGET" also reads "suspended Guinea's membership", "expel
    // ambassador of TARGET" "expelled the French ambassador": a missing `of` is the possessor
    // or the nationality adjective of the noun before it in the pattern (the event noun itself
    // when none). So is a missing `from` (session 8): "reject offer from TARGET" reads
    // "rejected the minister's offer", "buy weapon from TARGET" "bought Russian weapons".
    let owner_prep = match flat_target.unwrap_or(&rule.target) {
        TargetSlot::Prep(p) if !rule.linear && (p == "of" || p == "from") => Some(p.as_str()),
        _ => None,
    };
    // A coercive or violent act's object is hit physically: the owner of what it hits, or an
    // actor its own words name, is its target (not in PETRARCH's reading).
    let coercive = !rule.linear && is_coercive(&rule.code);
    let mut possessor = None;
    let mut last_hit = None;
    for alt in rule.words.iter().chain(flat_words.iter().copied()) {
        let hits = match find_alt(tree, alt, &free) {
            Some(hits) => hits,
            None if possessor.is_none() && owner_prep.is_some_and(|p| alt.is_word(p)) => {
                let noun = last_hit.unwrap_or(t);
                // The owner is an actor of its own words that ends by the noun: not "human" in
                // "human rights groups", whose mention goes on past "rights".
                let ends_by_noun = |o: usize| {
                    tree.actor_at[o]
                        .is_some_and(|a| tree.actors[a].tokens.end as usize <= tree.base + noun + 1)
                };
                let owner = [&["nmod:poss"][..], &["amod"]]
                    .iter()
                    .filter_map(|rel| tree.child_with(noun, rel))
                    .find(|&o| ends_by_noun(o))?;
                possessor = Some(owner);
                continue;
            }
            None if is_with(alt)
                && optional_with()
                && (is_with_slot(&rule.target) || flat_target.is_some_and(is_with_slot)) =>
            {
                continue;
            }
            None => return None,
        };
        last_hit = hits.last().copied();
        for h in hits {
            free[h] = false;
            used.push(h);
        }
    }
    // "stopped in Manila" is a visit; "stop its offensive in Ukraine" ends an act, whose
    // preposition names no target of a halting verb's own rule.
    let prep_only = match &rule.target {
        TargetSlot::Prep(p) => rule.words.iter().all(|w| w.is_word(p)),
        _ => false,
    };
    if !rule.linear && prep_only && halts(tree, t) && tree.child_with(t, &["obj"]).is_some() {
        return None;
    }
    // Target.
    let slot = match (flat_target, &rule.target) {
        (Some(t), TargetSlot::None) => t,
        _ => &rule.target,
    };
    // PETRARCH: a passive without an agent keeps its subject as the source, so the subject
    // cannot also be the target.
    let passive_target = !(rule.linear
        && tree.passive_agent(t).is_none()
        && tree.child_with(t, &["nsubj"]).is_none());
    let target_at = match slot {
        _ if rule.target_subject => tree.subject_token(t),
        TargetSlot::None if rule.first_after => {
            // Not the `by` agent of a passive: that is the source.
            let agent = tree.passive_agent(t);
            let mut after: Vec<usize> = tree
                .subtree_without_subject(t)
                .into_iter()
                .filter(|&k| k > t && tree.actor_at[k].is_some())
                .filter(|&k| agent.is_none_or(|a| !tree.descends_from(k, a)))
                .collect();
            after.sort_unstable();
            after.first().copied()
        }
        TargetSlot::None => complement_target,
        TargetSlot::Object => {
            if rule.noun {
                None
            } else {
                tree.child_with(t, &["obj", "iobj"])
                    .filter(|&o| tree.actor_of(o).is_some())
                    .or_else(|| {
                        // "attacked its outposts": the owner the pronoun stands for.
                        tree.child_with(t, &["obj"])
                            .filter(|_| coercive)
                            .and_then(|o| possessor_target(tree, o, t))
                    })
                    .or_else(|| {
                        tree.child_with(t, &["nsubj:pass"])
                            .filter(|_| passive_target)
                    })
                    .or_else(|| {
                        // No object but a finite clause: its subject ("allowed that Mordor
                        // is ...", "warned that Russia would ...").
                        tree.child_with(t, &["ccomp"])
                            .and_then(|c| tree.child_with(c, &["nsubj"]))
                            .filter(|&x| tree.actor_of(x).is_some())
                    })
                    .or_else(|| {
                        // A complement found by its words: the first actor before it.
                        complement_at
                            .filter(|&c| c > t)
                            .and_then(|c| (t + 1..c).find(|&k| tree.actor_at[k].is_some()))
                    })
                    .or_else(|| {
                        // "urge X to": the parser may make X the xcomp's subject.
                        complement_at.and_then(|c| tree.child_with(c, &["nsubj"]))
                    })
            }
        }
        TargetSlot::Prep(p) => {
            possessor.or_else(|| prep_object(tree, region, t, p, governor, coercive))
        }
        // Without a complement in the rule, the subject of any finite clause under the verb.
        TargetSlot::ThatClause => complement_target.or_else(|| {
            tree.child_with(t, &["ccomp"])
                .and_then(|c| tree.child_with(c, &["nsubj", "nsubj:pass"]))
        }),
    }
    .filter(|&x| tree.actor_of(x).is_some())
    // PETRARCH looks for the target after the verb only (a passive subject aside): "...,
    // officials said" has no target in the clause before it.
    .filter(|&x| {
        !rule.linear
            || rule.target_subject
            || x > t
            || tree.child_with(t, &["nsubj:pass"]) == Some(x)
    });
    // A coercive or violent act with no target slot whose own words name an actor ("open
    // fire on protester", "ban opposition party", "shut down newspaper"): that actor is the
    // one acted upon (a noun; not "military" in "impose military rule").
    let target_at = target_at.or_else(|| {
        let untargeted = matches!(slot, TargetSlot::None) && !rule.target_subject;
        (coercive && untargeted)
            .then(|| {
                used.iter().rev().copied().find(|&u| {
                    u != t && tree.actor_at[u].is_some() && matches!(tree.upos(u), "NOUN" | "PROPN")
                })
            })
            .flatten()
    });
    // A violent act on a place that no actor covers ("shelled Kharkiv", "attacked the town
    // of Palma"): the place's country is the target (not in PETRARCH's reading).
    let place = if target_at.is_none() && coercive && !rule.target_subject {
        match slot {
            TargetSlot::Object if !rule.noun => tree
                .child_with(t, &["obj"])
                .and_then(|o| place_target(tree, o)),
            TargetSlot::Prep(p) => region
                .iter()
                .copied()
                .filter(|&r| r != t && has_case(tree, r, p))
                .find_map(|r| place_target(tree, r)),
            _ => None,
        }
    } else {
        None
    };
    Some(Found {
        rule,
        target_at,
        used,
        place,
    })
}

/// The place (index into `Tree::places`) at noun `o`, naming it ("the town | of Palma", "the
/// capital, | Kyiv") or where it stands ("Rohingya villages | in Rakhine": the country of what
/// is hit is the target, as in the dictionaries' examples), not near it.
fn place_target(tree: &Tree<'_>, o: usize) -> Option<usize> {
    if let Some(p) = tree.place_at[o] {
        return Some(p);
    }
    tree.children[o]
        .iter()
        .copied()
        .filter(|&c| match tree.deprel(c) {
            "appos" | "compound" | "flat" => true,
            "nmod" => has_case(tree, c, "of") || has_case(tree, c, "in"),
            _ => false,
        })
        .find_map(|c| tree.place_at[c])
}

/// Whether noun `r` has the preposition `p` as its `case` ("| of Palma").
fn has_case(tree: &Tree<'_>, r: usize, p: &str) -> bool {
    tree.children[r]
        .iter()
        .any(|&c| tree.deprel(c) == "case" && tree.is_word(c, p))
}

/// The places of sentence `si` (its first token `base`, `n` tokens) that no actor covers, as
/// actor mentions of their country (`how: place`), with the place covering each token.
fn sentence_places(
    doc: &Document,
    si: usize,
    base: usize,
    n: usize,
    actor_at: &[Option<usize>],
) -> (Vec<ActorMention>, Vec<Option<usize>>) {
    let mut places = Vec::new();
    let mut place_at = vec![None; n];
    let tokens = &doc.tokens[base..base + n];
    for p in doc
        .places
        .iter()
        .filter(|p| p.sentence as usize == si && p.literal)
    {
        let lo = tokens.partition_point(|t| t.span.end <= p.span.start);
        let hi = tokens.partition_point(|t| t.span.start < p.span.end);
        if lo >= hi || (lo..hi).any(|k| actor_at[k].is_some()) || p.location.country.len() != 3 {
            continue;
        }
        for slot in &mut place_at[lo..hi] {
            *slot = Some(places.len());
        }
        places.push(ActorMention {
            span: p.span,
            tokens: (base + lo) as u32..(base + hi) as u32,
            sentence: si as u32,
            code: p.location.country.clone(),
            country: Some(p.location.country.clone()),
            roles: Vec::new(),
            entity: Some(p.location.name.clone()),
            how: "place".to_string(),
        });
    }
    (places, place_at)
}

/// The particle `p` of the verb `t`: a child of the verb after it, or a word right after it
/// that the parser attached elsewhere ("handed over documents": `over` as the case of
/// `documents`).
fn find_particle(tree: &Tree<'_>, t: usize, p: &str) -> Option<usize> {
    tree.children[t]
        .iter()
        .copied()
        .find(|&c| c > t && tree.is_word(c, p))
        .or_else(|| (t + 1..(t + 4).min(tree.n)).find(|&c| tree.is_word(c, p)))
}

/// The object of preposition `p` within the region: a `case` token `p` whose head is in the
/// region (a word of the event word's subtree or an oblique of its verb).
fn prep_object(
    tree: &Tree<'_>,
    region: &[usize],
    t: usize,
    p: &str,
    governor: Option<usize>,
    owners: bool,
) -> Option<usize> {
    let mut best: Option<usize> = None;
    for &r in region {
        if r == t {
            continue;
        }
        let cased = has_case(tree, r, p);
        let r = if owners && cased && tree.actor_of(r).is_none() {
            // "fired rockets into its territory": the owner the pronoun stands for.
            possessor_target(tree, r, t).unwrap_or(r)
        } else {
            r
        };
        if cased && tree.actor_of(r).is_some() {
            // Prefer the nearest to the event word.
            let closer = best.is_none_or(|b| r.abs_diff(t) < b.abs_diff(t));
            if closer {
                best = Some(r);
            }
        }
    }
    let _ = governor;
    best
}

/// Finds an alternative's words among the free tokens; returns the tokens used.
fn find_alt(tree: &Tree<'_>, alt: &Alt, free: &[bool]) -> Option<Vec<usize>> {
    'phrase: for phrase in &alt.0 {
        let mut hits = Vec::with_capacity(phrase.len());
        for w in phrase {
            let hit = (0..tree.n).find(|&k| free[k] && !hits.contains(&k) && tree.is_word(k, w));
            match hit {
                Some(k) => hits.push(k),
                None => continue 'phrase,
            }
        }
        return Some(hits);
    }
    None
}

/// Matches a complement clause under `t`: returns the clause's head, the target token (if the
/// complement names one) and the tokens used.
fn match_complement(
    tree: &Tree<'_>,
    t: usize,
    comp: &RuleComplement,
    optional_with: impl Fn() -> bool,
    cache: &WordCache,
) -> Option<(usize, Option<usize>, Vec<usize>)> {
    // The clause hangs off the verb, or off its object ("urged the minister to resign" is
    // often parsed with the infinitive as the object's `acl`).
    let object_clauses = tree
        .child_with(t, &["obj"])
        .map(|o| tree.children[o].clone())
        .unwrap_or_default();
    let candidates: Vec<usize> = tree.children[t]
        .iter()
        .chain(&object_clauses)
        .copied()
        .filter(|&c| {
            matches!(
                base_rel(tree.deprel(c)),
                "xcomp" | "ccomp" | "advcl" | "acl"
            ) && comp
                .verb
                .0
                .iter()
                .any(|p| p.len() == 1 && tree.is_word(c, &p[0]))
        })
        .collect();
    for c in candidates {
        let mut used = vec![c];
        if let Some(p) = &comp.particle {
            let Some(pc) = find_particle(tree, c, p) else {
                continue;
            };
            used.push(pc);
        }
        let region = cache.clause_region(tree, c);
        let mut free = vec![false; tree.n];
        for &r in region.iter() {
            free[r] = true;
        }
        for &u in &used {
            free[u] = false;
        }
        let mut ok = true;
        for alt in &comp.words {
            match find_alt(tree, alt, &free) {
                Some(hits) => {
                    for h in hits {
                        free[h] = false;
                        used.push(h);
                    }
                }
                None if is_with(alt) && is_with_slot(&comp.target) && optional_with() => {}
                None => {
                    ok = false;
                    break;
                }
            }
        }
        if !ok {
            continue;
        }
        let target = match (&comp.kind, &comp.target) {
            (ComplementKind::That, _) => tree.child_with(c, &["nsubj", "nsubj:pass"]),
            (_, TargetSlot::Object) => tree.child_with(c, &["obj", "iobj"]),
            // The parser often attaches the complement's prepositional phrase to the main
            // verb ("agreed to swap prisoners | with Azerbaijan").
            (_, TargetSlot::Prep(p)) => prep_object(tree, &region, c, p, None, false)
                .or_else(|| prep_object(tree, &tree.region(t, None), c, p, None, false)),
            _ => None,
        };
        return Some((c, target, used));
    }
    match comp.kind {
        ComplementKind::That => that_clause_by_surface(tree, t, comp),
        ComplementKind::Infinitive => infinitive_by_surface(tree, t, comp),
    }
}

/// `urge TARGET to VERB ...` read off the words when the tree has no such clause under the
/// event word (a mistagged verb): `to` within a few words after the event word, the
/// complement's verb right after it, its words later on.
fn infinitive_by_surface(
    tree: &Tree<'_>,
    t: usize,
    comp: &RuleComplement,
) -> Option<(usize, Option<usize>, Vec<usize>)> {
    let to = (t + 1..(t + 8).min(tree.n)).find(|&k| {
        tree.text(k).eq_ignore_ascii_case("to")
            && k + 1 < tree.n
            && comp
                .verb
                .0
                .iter()
                .any(|p| p.len() == 1 && tree.is_word(k + 1, &p[0]))
    })?;
    let verb = to + 1;
    // Nothing between the event word and `to` may be a verb of another clause.
    if (t + 1..to).any(|k| tree.upos(k) == "VERB") {
        return None;
    }
    let mut used = vec![to, verb];
    words_after_verb(tree, verb, comp, &mut used)?;
    let target = match &comp.target {
        TargetSlot::Object => (verb + 1..tree.n).find(|&k| tree.actor_at[k].is_some()),
        TargetSlot::Prep(p) => (verb + 1..tree.n.saturating_sub(1))
            .find(|&k| tree.is_word(k, p) && tree.actor_at[k + 1].is_some())
            .map(|k| k + 1),
        _ => None,
    };
    Some((verb, target, used))
}

/// The complement's particle and words among the words after its verb (for the surface
/// readings): adds the tokens used, `None` when one is missing.
fn words_after_verb(
    tree: &Tree<'_>,
    verb: usize,
    comp: &RuleComplement,
    used: &mut Vec<usize>,
) -> Option<()> {
    if let Some(p) = &comp.particle {
        used.push(find_particle(tree, verb, p)?);
    }
    let mut free = vec![false; tree.n];
    for f in free.iter_mut().skip(verb + 1) {
        *f = true;
    }
    for &u in used.iter() {
        free[u] = false;
    }
    for alt in &comp.words {
        for h in find_alt(tree, alt, &free)? {
            free[h] = false;
            used.push(h);
        }
    }
    Some(())
}

/// `demand that TARGET VERB ...` read off the words when the tree has no such clause: the
/// tagger often misreads the bare verb of a mandative clause ("demanded that Beijing *resume*
/// cooperation" tagged as a noun). Needs `that` within a few words after the event word, an
/// actor right after it, the complement's verb right after the actor and its words later on.
fn that_clause_by_surface(
    tree: &Tree<'_>,
    t: usize,
    comp: &RuleComplement,
) -> Option<(usize, Option<usize>, Vec<usize>)> {
    let that = (t + 1..(t + 5).min(tree.n)).find(|&k| tree.text(k).eq_ignore_ascii_case("that"))?;
    let actor = tree.actor_at.get(that + 1).copied().flatten()?;
    let m = tree.actors[actor];
    let after = m.tokens.end as usize - tree.base;
    let verb = (after..(after + 2).min(tree.n)).find(|&k| {
        comp.verb
            .0
            .iter()
            .any(|p| p.len() == 1 && tree.is_word(k, &p[0]))
    })?;
    let mut used = vec![that, verb];
    words_after_verb(tree, verb, comp, &mut used)?;
    Some((verb, Some(that + 1), used))
}

/// The source actors of the event at `t`, and for a passive, the token standing for the
/// target (the passive subject).
fn sources_of(tree: &Tree<'_>, t: usize, rule: &Rule) -> (Vec<usize>, Option<usize>) {
    // Passive: "Iran was visited by Japan".
    if let Some(subj) = tree.child_with(t, &["nsubj:pass"]) {
        let agent = tree.passive_agent(t);
        if let Some(a) = agent {
            let s = tree.actors_with_conjuncts(a);
            if !s.is_empty() {
                let target = if rule.target == TargetSlot::Object {
                    Some(subj)
                } else {
                    None
                };
                return (s, target);
            }
        }
    }
    if let Some(p) = &rule.source_prep {
        // `* BY $`: the source must stand there; no fallback to the subject.
        let region = if rule.linear {
            tree.subtree_without_subject(t)
        } else {
            tree.region(t, None)
        };
        // PETRARCH's `$` may follow a noun ("* MONEY $"): the first actor after that word.
        let after_word = || {
            let mut sorted = region.clone();
            sorted.sort_unstable();
            let w = sorted
                .iter()
                .copied()
                .find(|&k| k > t && tree.is_word(k, p))?;
            sorted
                .into_iter()
                .find(|&k| k > w && tree.actor_at[k].is_some())
        };
        let found = prep_object(tree, &region, t, p, None, false)
            .or_else(|| after_word().filter(|_| rule.linear));
        return match found {
            Some(o) => (tree.actors_with_conjuncts(o), None),
            None => (Vec::new(), None),
        };
    }
    if rule.target_subject {
        // A passive the parser also gave an active subject: that one ("A woman ... in
        // detention was extradited").
        if tree.child_with(t, &["nsubj:pass"]).is_some() {
            if let Some(s) = tree.child_with(t, &["nsubj"]) {
                return (tree.actors_with_conjuncts(s), None);
            }
        }
        // "Falastur noted that Cirith Ungol regretted ...": the subject of the governing
        // clause.
        return match tree.head[t] {
            Some(h) => (subject_of(tree, h, 0, rule.linear), None),
            None => (Vec::new(), None),
        };
    }
    if rule.noun {
        let governor = tree.head[t].filter(|&h| matches!(tree.upos(h), "VERB" | "AUX"));
        if let Some(poss) = tree.child_with(t, &["nmod:poss"]) {
            let s = tree.actors_with_conjuncts(poss);
            if !s.is_empty() {
                return (s, None);
            }
            return (possessor_pronoun_actor(tree, poss, governor, rule), None);
        }
        // An actor inside the noun phrase is the doer, whoever governs it: "warned of a
        // Russian attack on Lithuania", "opposed U.S. sanctions on Iran".
        if governor.is_some() {
            if let Some(c) = tree.child_with(t, &["compound", "amod"]) {
                let s = tree.actors_with_conjuncts(c);
                if !s.is_empty() {
                    return (s, None);
                }
            }
        }
        // "blamed Russia for the attacks", "suspected Russia of the attack", "held Russia
        // responsible for the bombing": the accused is the alleged doer.
        if let Some(o) = alleged_doer(tree, t) {
            return (tree.actors_with_conjuncts(o), None);
        }
        if let Some(h) = governor {
            // "Germany condemned the attacks": the subject judges an act, it did not do it;
            // "blamed Russia for the attacks" names the doer as the verb's object.
            if judges(tree, h) {
                // The act the object is judged for, not its occasion: "condemned Russia for
                // the attacks", not "criticized Russia after the attacks".
                if tree.deprel(t) == "obl" && names_reason(tree, t) {
                    if let Some(o) = tree.child_with(h, &["obj"]) {
                        let s = tree.actors_with_conjuncts(o);
                        if !s.is_empty() {
                            return (s, None);
                        }
                    }
                }
            } else {
                // "Japan held talks with ...": the subject of the governing verb.
                return (subject_of(tree, h, 0, rule.linear), None);
            }
        }
        // A compound modifier actor: "Russian-Ukrainian talks" is left alone; "US sanctions".
        if let Some(c) = tree.child_with(t, &["compound", "amod"]) {
            return (tree.actors_with_conjuncts(c), None);
        }
        return (Vec::new(), None);
    }
    (subject_of(tree, t, 0, rule.linear), None)
}

/// Verbs whose subject judges, reports or suffers an act named by a noun, rather than doing
/// it ("condemned the attacks", "would not tolerate any attack").
const JUDGING_VERBS: &[&str] = &[
    "condemn",
    "criticize",
    "criticise",
    "denounce",
    "deplore",
    "decry",
    "tolerate",
    "condone",
    "blame",
    "accuse",
    "protest",
    "fear",
    "investigate",
    "report",
    "slam",
    "praise",
    "hail",
    "mourn",
    "survive",
    "witness",
    "monitor",
    "warn",
    "discuss",
    "debate",
    "predict",
    "prevent",
    "foil",
    "thwart",
    "repel",
];

/// Whether verb `h` judges, reports or suffers the act its noun names ([`JUDGING_VERBS`]), an
/// accusing verb included even when the lemmatizer slips ("blamed" → `blam`).
fn judges(tree: &Tree<'_>, h: usize) -> bool {
    JUDGING_VERBS.contains(&tree.lemma(h)) || alleges(tree, h)
}

/// The bare agent mention `k` ("its commanders", "their troops") with the code of the actor its
/// possessive pronoun stands for: the nearest actor before the pronoun in the sentence that is
/// neither a bare agent nor one of `exclude` (the event's other side) nor ruled out by the
/// pronoun (`his`/`her` stand for a person, `its` for anything else); "its own" is `source`,
/// the event's source when `k` is its target. When no actor before the pronoun in the sentence
/// fits it at all, the one country of the last earlier sentence with actors
/// ([`earlier_country`]). `None` when `k` is no such mention or no owner is found: when only
/// the event's other side fits, the pronoun is most often that actor ("Syria arrested its
/// soldiers") or one of an earlier sentence, which the coder cannot tell apart, and a bare
/// role is less informative but never the wrong country.
fn possessed_agent(
    tree: &Tree<'_>,
    k: usize,
    exclude: &[usize],
    source: Option<usize>,
) -> Option<ActorMention> {
    let m = tree.actors[k];
    if !crate::actors::is_bare_agent(m) {
        return None;
    }
    let lo = (m.tokens.start as usize).checked_sub(tree.base)?;
    let head = tree.mention_head(lo);
    let poss = tree.child_with(head, &["nmod:poss"])?;
    let word = possessive_pronoun(tree, poss)?;
    let fits = |a: &ActorMention| fits_possessive(word, a);
    let own = tree.children[head]
        .iter()
        .any(|&c| c > poss && c < head && tree.is_word(c, "own"));
    let candidates = || {
        (0..poss)
            .rev()
            .filter_map(|t| tree.actor_at[t])
            .filter(|&a| {
                a != k && !crate::actors::is_bare_agent(tree.actors[a]) && fits(tree.actors[a])
            })
    };
    let owner = if let Some(s) = source.filter(|_| own) {
        Some(s)
    } else {
        candidates().find(|a| !exclude.contains(a))
    };
    let code = match owner {
        Some(o) => crate::actors::owned_agent_code(tree.actors[o], &m.code),
        // No actor of the sentence can own it ("Russia massed troops on the border. Its
        // commanders said ..."): the country of the sentences before, when unambiguous.
        None if !own && candidates().next().is_none() => {
            format!(
                "{}{}",
                earlier_country(tree.doc, m.sentence, &fits)?,
                m.code
            )
        }
        None => return None,
    };
    let (country, roles) = split_actor_code(&code);
    Some(ActorMention {
        code,
        country,
        roles,
        how: "coref".to_string(),
        ..m.clone()
    })
}

/// The one country a possessive pronoun with no owner in its own sentence can stand for: the
/// last earlier sentence of the document with an actor other than a bare role decides, and
/// its actors must all be of one country (an organisation or a second country makes it
/// ambiguous), at least one of them fitting the pronoun (`fits`: `its` is no person).
fn earlier_country(
    doc: &Document,
    sentence: u32,
    fits: &dyn Fn(&ActorMention) -> bool,
) -> Option<String> {
    let before = &doc.actors[..doc.actors.partition_point(|a| a.sentence < sentence)];
    // The actors of the last earlier sentence with one that is not a bare role.
    let last = before
        .iter()
        .rev()
        .find(|a| !crate::actors::is_bare_agent(a))?
        .sentence;
    let mut country: Option<String> = None;
    let mut fitting = false;
    let of_last = before
        .iter()
        .rev()
        .skip_while(|a| a.sentence != last)
        .take_while(|a| a.sentence == last);
    for a in of_last {
        if crate::actors::is_bare_agent(a) {
            continue;
        }
        let c = a.country.clone().or_else(|| split_actor_code(&a.code).0)?;
        if country.as_ref().is_some_and(|x| *x != c) {
            return None;
        }
        country = Some(c);
        fitting |= fits(a);
    }
    country.filter(|_| fitting)
}

/// Possessive pronouns that stand for an actor named earlier in the sentence.
const POSSESSIVE_PRONOUNS: &[&str] = &["its", "their", "his", "her"];

/// Whether an actor can be what possessive pronoun `word` stands for: `his`/`her` a person,
/// `its` anything else, `their` anyone.
fn fits_possessive(word: &str, a: &ActorMention) -> bool {
    match word {
        "his" | "her" => crate::actors::is_person(a),
        "its" => !crate::actors::is_person(a),
        _ => true,
    }
}

/// The actor a possessive pronoun on `noun` stands for when `noun` names no actor itself
/// ("Tajikistan said Kyrgyz units had attacked its outposts": Tajikistan): the nearest actor
/// before the pronoun in the sentence that is not the subject of verb `t`, no bare role and
/// fits the pronoun (`his`/`her` a person, `its` anything else). Not for "its own", which is
/// the subject's. Returns the actor's token.
fn possessor_target(tree: &Tree<'_>, noun: usize, t: usize) -> Option<usize> {
    let poss = tree.child_with(noun, &["nmod:poss"])?;
    let word = possessive_pronoun(tree, poss)?;
    let own = tree.children[noun]
        .iter()
        .any(|&c| c > poss && c < noun && tree.is_word(c, "own"));
    if own {
        return None;
    }
    let subject = tree.subject_token(t).and_then(|s| tree.actor_of(s));
    (0..poss).rev().find(|&k| {
        tree.actor_at[k].is_some_and(|a| {
            Some(a) != subject
                && !crate::actors::is_bare_agent(tree.actors[a])
                && fits_possessive(word, tree.actors[a])
        })
    })
}

/// Token `t` as one of [`POSSESSIVE_PRONOUNS`], lowercased, if it is one.
fn possessive_pronoun(tree: &Tree<'_>, t: usize) -> Option<&'static str> {
    let text = tree.text(t);
    POSSESSIVE_PRONOUNS
        .iter()
        .copied()
        .find(|p| text.eq_ignore_ascii_case(p))
}

/// The source of a noun event whose possessor has no actor of its own. The act is the
/// possessor's, never simply the clause subject's: "Germany criticized Russia for its
/// attacks" are Russia's attacks. A possessive pronoun stands for the nearest actor before
/// it in the sentence that is not the governing clause's subject, else for that subject
/// ("Russia defended its attacks"); any other possessor ("the rebels' attacks") leaves the
/// event without a source.
fn possessor_pronoun_actor(
    tree: &Tree<'_>,
    poss: usize,
    governor: Option<usize>,
    rule: &Rule,
) -> Vec<usize> {
    if possessive_pronoun(tree, poss).is_none() {
        return Vec::new();
    }
    let subject = governor
        .map(|h| subject_of(tree, h, 0, rule.linear))
        .unwrap_or_default();
    if let Some(a) = (0..poss)
        .rev()
        .filter_map(|k| tree.actor_at[k])
        .find(|a| !subject.contains(a))
    {
        return vec![a];
    }
    subject
}

/// The subject actors of the clause headed by `t`, inherited through `xcomp`, `conj` and
/// relative clauses.
fn subject_of(tree: &Tree<'_>, t: usize, depth: usize, linear: bool) -> Vec<usize> {
    if depth > 8 {
        return Vec::new();
    }
    // Every `nsubj` child: a coordination the parser split ("the lions and the evil Gondor
    // welcomed" with two subjects) still names all its actors.
    // A later subject counts only with an actor wholly its own: "Gollum centre of a row
    // between Radagast the Brown called" puts "Brown" apart from the rest of its name.
    let mut found: Vec<usize> = Vec::new();
    let mut any = false;
    for &c in &tree.children[t] {
        if tree.deprel(c) == "nsubj" {
            let first = !any;
            any = true;
            for a in tree.actors_with_conjuncts(c) {
                let m = tree.actors[a];
                let own = first
                    || ((m.tokens.start as usize..m.tokens.end as usize).all(|k| {
                        k.checked_sub(tree.base)
                            .is_some_and(|l| l < tree.n && tree.descends_from(l, c))
                    }) && !possessor_only(tree, m));
                if own && !found.contains(&a) {
                    found.push(a);
                }
            }
        }
    }
    if any {
        if found.is_empty() {
            // "the official news agency WFNA said", parsed with the agency apart from its
            // name: a bare name subject with no actor takes the noun phrase right before it.
            if let Some(a) = tree.children[t]
                .iter()
                .copied()
                .filter(|&c| tree.deprel(c) == "nsubj")
                .find_map(|c| split_name_phrase(tree, c))
            {
                return tree.actors_with_conjuncts(a);
            }
        }
        return found;
    }
    if let Some(sp) = tree.child_with(t, &["nsubj:pass"]) {
        // A passive without a `by` agent has no source, except in PETRARCH's reading, which
        // takes the first actor before the verb.
        return if linear {
            tree.actors_with_conjuncts(sp)
        } else {
            Vec::new()
        };
    }
    let Some(h) = tree.head[t] else {
        return Vec::new();
    };
    match tree.deprel(t) {
        "xcomp" => {
            // Object control ("urged Iran to stop") has the object as the subject.
            if let Some(o) = tree.child_with(h, &["obj"]) {
                let a = tree.actors_with_conjuncts(o);
                if !a.is_empty() {
                    return a;
                }
            }
            // Raising over a passive: "Gollum was seen to break into the vault".
            if let Some(sp) = tree.child_with(h, &["nsubj:pass"]) {
                return tree.actors_with_conjuncts(sp);
            }
            subject_of(tree, h, depth + 1, linear)
        }
        // "accused Syria of arresting", "blamed Russia for attacking", "prevented Iran from
        // building": the gerund's doer is the governing verb's object.
        "advcl" | "conj" if object_controller(tree, t).is_some() => object_controller(tree, t)
            .map(|o| tree.actors_with_conjuncts(o))
            .unwrap_or_default(),
        // A subject-less `ccomp` is most often a control clause the parser misread
        // ("indicated it should have acted").
        "conj" | "advcl" | "ccomp" => {
            let found = subject_of(tree, h, depth + 1, linear);
            match tree.head[h] {
                // "Beijing denied that the tariffs were linked to the inquiry and accused
                // Australia ...": the parser often hangs the second verb of the main clause on
                // the reported clause. A conjunct in the main verb's form ("accused" like
                // "denied"), not its head's ("linked"), whose head's subject is no actor,
                // belongs to the main clause.
                Some(g)
                    if found.is_empty()
                        && tree.deprel(t) == "conj"
                        && tree.deprel(h) == "ccomp"
                        && tree.xpos(t) == tree.xpos(g)
                        && tree.xpos(t) != tree.xpos(h) =>
                {
                    subject_of(tree, g, depth + 1, linear)
                }
                _ => found,
            }
        }
        "acl:relcl" | "acl" => {
            let a = tree.actors_with_conjuncts(h);
            // An infinitive modifying a noun that is no actor ("inching nearer to accord
            // with", "efforts to stop"): the subject of the noun's clause.
            // "no intention of attacking": an intent noun's gerund is also its holder's.
            let infinitive = tree.children[t].iter().any(|&k| {
                tree.deprel(k) == "mark"
                    && (tree.lemma(k) == "to"
                        || (tree.lemma(k) == "of" && INTENT_NOUNS.contains(&tree.lemma(h))))
            });
            match (a.is_empty() && infinitive, tree.head[h]) {
                (true, Some(g)) => subject_of(tree, g, depth + 1, linear),
                _ => a,
            }
        }
        _ => Vec::new(),
    }
}

/// Whether mention `m` is only a possessor ("Turkey, Azerbaijan's closest ally, welcomed",
/// with "closest" read as a second subject): the owner of a subject is not the subject.
fn possessor_only(tree: &Tree<'_>, m: &ActorMention) -> bool {
    (m.tokens.end as usize)
        .checked_sub(tree.base + 1)
        .is_some_and(|l| l < tree.n && tree.deprel(l) == "nmod:poss")
}

/// For a gerund `advcl` `t` marked `of`, `for` or `from` (or `with` under `charge`) that
/// follows its verb's object actor, that object: "accused Syria of arresting", "blamed Russia
/// for attacking", "prevented Iran from building", "charged them with smuggling". The object
/// is the doer, not the subject who accuses, blames or prevents.
///
/// A gerund the parser made a `conj` of an accusing verb, after its object and an `of` or
/// `for` with a gerund ("accused the paramilitaries of looting homes and occupying
/// hospitals", with "looting" read as a noun) is the object's too.
fn object_controller(tree: &Tree<'_>, t: usize) -> Option<usize> {
    let h = tree.head[t]?;
    if tree.child_with(t, &["nsubj", "nsubj:pass"]).is_some() || !ends_in_ing(tree, t) {
        return None;
    }
    if tree.deprel(t) == "conj" {
        let o = tree.child_with(h, &["obj"])?;
        let accuser = alleges(tree, h);
        // The first conjunct must be a gerund too: "accusing Pashinyan of betrayal and
        // demanding his resignation" demands as the protesters.
        let marked = (o + 1..t).any(|k| {
            matches!(tree.lemma(k), "of" | "for") && k + 1 < t && ends_in_ing(tree, k + 1)
        });
        return (accuser && o < t && marked && tree.actor_of(o).is_some()).then_some(o);
    }
    if tree.deprel(t) != "advcl" {
        return None;
    }
    let mark = tree.children[t]
        .iter()
        .copied()
        .find(|&k| tree.deprel(k) == "mark")?;
    let marked = match tree.lemma(mark) {
        "of" | "for" | "from" => true,
        "with" => tree.is_word(h, "charge"),
        _ => false,
    };
    if !marked {
        return None;
    }
    tree.child_with(h, &["obj"])
        .filter(|&o| o < mark && tree.actor_of(o).is_some())
}

/// Verbs that allege an act of their object: "accused Syria of arresting", "blamed Russia for
/// attacking", "suspected Iran of building". The act is the accuser's claim, not a reported
/// fact, so it is coded `hypothetical`; the accusation itself (112) is asserted.
const ALLEGING_VERBS: &[&str] = &["accuse", "blame", "charge", "suspect", "allege", "indict"];

/// Whether verb `v` is one of [`ALLEGING_VERBS`]; `is_word`, as the lemmatizer makes "blamed"
/// `blam`.
fn alleges(tree: &Tree<'_>, v: usize) -> bool {
    ALLEGING_VERBS.iter().any(|w| tree.is_word(v, w))
}

/// Whether `o` is the actor object of an accusing verb ("accused | Syria"), the accused an
/// act attached to it is alleged of.
fn is_accused_object(tree: &Tree<'_>, o: usize) -> bool {
    tree.deprel(o) == "obj"
        && tree.actor_of(o).is_some()
        && tree.head[o].is_some_and(|v| alleges(tree, v))
}

/// Whether noun `t` is marked as what something is judged or alleged for: "for", "of",
/// "over" or "with" ("condemned Russia for the attacks", "accused Russia of the attack").
fn names_reason(tree: &Tree<'_>, t: usize) -> bool {
    tree.children[t].iter().any(|&c| {
        tree.deprel(c) == "case" && matches!(tree.lemma(c), "for" | "of" | "over" | "with")
    })
}

/// Whether token `t` ends in "ing", the gerund's shape (compared without allocating: this is
/// asked per event word).
fn ends_in_ing(tree: &Tree<'_>, t: usize) -> bool {
    let b = tree.text(t).as_bytes();
    b.len() >= 3 && b[b.len() - 3..].eq_ignore_ascii_case(b"ing")
}

/// Whether the clause event `t` is an act alleged of the object of an accusing verb: a gerund
/// that verb's object controls, or a gerund `acl` of that object ("accused Syria | of
/// arresting" attached to "Syria").
fn is_alleged(tree: &Tree<'_>, t: usize) -> bool {
    let Some(h) = tree.head[t] else {
        return false;
    };
    if object_controller(tree, t).is_some() {
        return alleges(tree, h);
    }
    base_rel(tree.deprel(t)) == "acl" && ends_in_ing(tree, t) && is_accused_object(tree, h)
}

/// Adjectives that, as the predicate of a verb's object, accuse it of an act: "held Russia
/// responsible for the bombing".
const ACCUSING_PREDICATES: &[&str] = &["responsible", "accountable", "culpable", "guilty"];

/// For an event noun `t` alleged of an accused actor, the token of that actor: the `of`,
/// `for`, `with` or `over` oblique of an accusing verb after its object actor ("blamed Russia
/// for the attacks", "accused Russia of the attack", "charged Moscow with the massacre"), of
/// `responsible` predicated of the object ("held Russia responsible for the bombing"), or
/// that noun attached to the object itself ("suspected Russia | of the attack"). A conjunct
/// ("of the attacks and the killings") is alleged with the first. Not an oblique of another
/// kind: "accused Russia after the attack" is no allegation of the attack.
fn alleged_doer(tree: &Tree<'_>, t: usize) -> Option<usize> {
    let mut t = t;
    if tree.deprel(t) == "conj" {
        t = tree.head[t].filter(|&h| matches!(tree.upos(h), "NOUN" | "PROPN"))?;
    }
    let h = tree.head[t]?;
    if !names_reason(tree, t) {
        return None;
    }
    let predicate = |a: usize| {
        ACCUSING_PREDICATES
            .iter()
            .any(|w| tree.lemma(a).eq_ignore_ascii_case(w))
    };
    // The verb's object actor, before the act.
    let accused = |v: usize| {
        tree.child_with(v, &["obj"])
            .filter(|&o| o < t && tree.actor_of(o).is_some())
    };
    match base_rel(tree.deprel(t)) {
        "obl" if alleges(tree, h) => accused(h),
        // "held Russia responsible | for the bombing".
        "obl" if predicate(h) && tree.deprel(h) == "xcomp" => tree.head[h].and_then(accused),
        // The same with the oblique attached to the verb.
        "obl"
            if tree.children[h]
                .iter()
                .any(|&c| tree.deprel(c) == "xcomp" && predicate(c)) =>
        {
            accused(h)
        }
        "nmod" if is_accused_object(tree, h) => Some(h),
        _ => None,
    }
}

/// Whether token `t` is an act alleged of an accused actor: an event noun
/// ([`alleged_doer`]) or a gerund clause ([`is_alleged`]).
fn is_alleged_act(tree: &Tree<'_>, t: usize) -> bool {
    is_alleged(tree, t)
        || (matches!(tree.upos(t), "NOUN" | "PROPN") && alleged_doer(tree, t).is_some())
}

/// For a proper-noun subject `c` with no determiner and no actor, the head of the noun phrase
/// ending right before it when that phrase has an actor (the parser split "the official news
/// agency | WFNA").
fn split_name_phrase(tree: &Tree<'_>, c: usize) -> Option<usize> {
    if tree.upos(c) != "PROPN"
        || c == 0
        || tree.actor_of(c).is_some()
        || tree.children[c]
            .iter()
            .any(|&k| k < c && tree.deprel(k) != "punct")
    {
        return None;
    }
    let p = c - 1;
    if tree.upos(p) != "NOUN" || tree.descends_from(p, c) || tree.descends_from(c, p) {
        return None;
    }
    // `p` must head its phrase (nothing after it belongs to it).
    if tree.children[p].iter().any(|&k| k > p) {
        return None;
    }
    tree.actor_of(p).map(|_| p)
}

/// Whether `t` itself carries a negation: `not`, `never`, `n't`, or the determiner `no` on a
/// noun ("no talks").
fn negated_here(tree: &Tree<'_>, t: usize) -> bool {
    tree.children[t].iter().any(|&c| {
        let rel = tree.deprel(c);
        (rel == "advmod" && matches!(tree.lemma(c), "not" | "never" | "n't"))
            || (rel == "det" && tree.lemma(c) == "no")
    })
}

/// Verbs whose subject-less complement did not, and is not meant to, happen: "refused to send
/// troops", "ruled out sending troops", "denied sending troops", "failed to reach a deal". Their
/// own event (a 12x rejection, a 01x denial) is coded by their own rules, which consume the
/// complement when they name it; a complement left over is the act declined, so it is coded
/// negated rather than asserted (CAMEO counts a refusal as a refusal, never as the act).
const NEGATING_VERBS: &[&str] = &[
    "refuse", "decline", "fail", "deny", "refrain", "avoid", "reject", "prevent", "foil", "thwart",
    "avert",
];

/// Verbs that, with an event noun as their object, say the act will not take place: "ruled
/// out a military intervention", "called off the talks", "denied an attack".
const NEGATING_NOUN_VERBS: &[&str] = &[
    "refuse", "decline", "deny", "reject", "cancel", "abandon", "scrap", "shelve", "foil",
    "thwart", "prevent", "avert", "stop",
];

/// Nouns naming an intention whose infinitive is the intended act: "plans to send troops",
/// "no intention of attacking".
const INTENT_NOUNS: &[&str] = &[
    "plan",
    "intention",
    "intent",
    "desire",
    "wish",
    "decision",
    "readiness",
    "willingness",
    "bid",
    "promise",
    "pledge",
    "commitment",
    "offer",
    "proposal",
    "ambition",
    "aim",
    "goal",
    "threat",
];

/// Verbs whose complement the subject means to do but has not done: a negation on them ("did
/// not plan to attack") carries over to the complement. Other verbs keep their negation to
/// themselves ("did not hesitate to attack").
const CONTROL_VERBS: &[&str] = &[
    "want",
    "plan",
    "intend",
    "hope",
    "seek",
    "aim",
    "promise",
    "pledge",
    "vow",
    "agree",
    "decide",
    "threaten",
    "offer",
    "prepare",
    "try",
    "attempt",
    "mean",
    "wish",
    "expect",
    "need",
    "dare",
    "order",
    "allow",
    "authorize",
    "authorise",
    "approve",
    "consider",
];

/// Whether `h` is `rule out` (or `call off`, for a noun: "called off the talks").
fn is_phrasal(tree: &Tree<'_>, h: usize, verb: &str, particle: &str) -> bool {
    tree.lemma(h).eq_ignore_ascii_case(verb)
        && tree.children[h]
            .iter()
            .any(|&c| c > h && tree.deprel(c) == "compound:prt" && tree.is_word(c, particle))
}

/// Whether clause `k` is a subject-less complement of its head: an `xcomp`, or an infinitive or
/// gerund `advcl`/`ccomp`/`acl` ("refused to send", "ruled out sending", "no intention of
/// attacking").
fn is_bare_complement(tree: &Tree<'_>, k: usize) -> bool {
    if tree
        .child_with(k, &["nsubj", "nsubj:pass", "csubj"])
        .is_some()
    {
        return false;
    }
    match base_rel(tree.deprel(k)) {
        "xcomp" => true,
        "advcl" | "ccomp" | "acl" => {
            let marked = tree.children[k].iter().any(|&c| {
                tree.deprel(c) == "mark" && matches!(tree.lemma(c), "to" | "of" | "from")
            });
            // A bare gerund is a complement only right after its verb ("ruled out sending");
            // after an object or a comma it is an adjunct ("rejected the request, saying").
            let gerund = ends_in_ing(tree, k)
                && tree.head[k].is_some_and(|h| {
                    h < k
                        && tree.child_with(h, &["obj"]).is_none()
                        && (h + 1..k).all(|x| tree.upos(x) != "PUNCT")
                });
            tree.deprel(k) != "acl:relcl" && (marked || gerund)
        }
        _ => false,
    }
}

/// Whether the event at `t` is negated: a negation on the event word itself, or on what it is
/// the complement of: "had no plans to send troops", "did not plan to attack", "refused to
/// send troops", "ruled out sending troops", "ruled out a military intervention".
fn is_negated(tree: &Tree<'_>, t: usize) -> bool {
    if negated_here(tree, t) {
        return true;
    }
    if matches!(tree.upos(t), "NOUN" | "PROPN") {
        return match tree.head[t] {
            Some(h) if base_rel(tree.deprel(t)) == "obj" => {
                let cancels = cancels(tree, h);
                // An event noun the verb cancels or denies ("ruled out an intervention"), or
                // the object of a negated support verb ("did not launch an attack"); a
                // negated judging verb ("did not condemn the attack") leaves the act alone.
                // "failed to prevent the attack" or "could not stop" it: the act took place.
                if cancels {
                    !negated_here(tree, h) && !is_negated(tree, h)
                } else {
                    // "did not end its attacks": the attacks go on.
                    supports_noun(tree, h) && negated_here(tree, h) && !tree.is_word(h, "end")
                }
            }
            _ => false,
        };
    }
    let mut k = t;
    for _ in 0..6 {
        let Some(h) = tree.head[k] else {
            return false;
        };
        if !is_bare_complement(tree, k) {
            return false;
        }
        if matches!(tree.upos(h), "NOUN" | "PROPN") {
            // "no plans to send troops", "no intention of attacking"; "did not have any plans
            // to", "ruled out plans to".
            if negated_here(tree, h) {
                return true;
            }
            let intent = INTENT_NOUNS.contains(&tree.lemma(h));
            return intent
                && base_rel(tree.deprel(h)) == "obj"
                && tree.head[h].is_some_and(|g| negated_here(tree, g) || cancels(tree, g));
        }
        if NEGATING_VERBS.contains(&tree.lemma(h))
            || is_phrasal(tree, h, "rule", "out")
            || (halts(tree, h) && is_gerund(tree, k))
        {
            // "did not refuse to send" asserts neither.
            return !negated_here(tree, h);
        }
        if !CONTROL_VERBS.contains(&tree.lemma(h)) {
            return false;
        }
        if negated_here(tree, h) {
            return true;
        }
        k = h;
    }
    false
}

/// Whether verb `h` calls off what its object names: deny, cancel, scrap, ... ("scrapped the
/// talks", "ruled out plans to"), "rule out", "call off".
fn cancels(tree: &Tree<'_>, h: usize) -> bool {
    NEGATING_NOUN_VERBS.contains(&tree.lemma(h))
        || halts(tree, h)
        || is_phrasal(tree, h, "rule", "out")
        || is_phrasal(tree, h, "call", "off")
}

/// Verbs that end an act: "stopped attacking", "halted its shelling", "ceased its attacks".
/// The act went on before; the sentence reports its end (which the dictionaries code as a
/// de-escalation, 087, where a pattern names it), not a new act, so the act is coded negated
/// like a cancelled one.
const HALTING_VERBS: &[&str] = &["stop", "halt", "cease", "quit", "discontinue", "suspend"];

/// Whether verb `h` ends the act its object or gerund names ([`HALTING_VERBS`]).
fn halts(tree: &Tree<'_>, h: usize) -> bool {
    matches!(tree.upos(h), "VERB" | "AUX") && HALTING_VERBS.iter().any(|w| tree.is_word(h, w))
}

/// Whether clause `k` is a gerund, not an infinitive: "stopped attacking" ends the attacks,
/// "stopped to talk" pauses for the talk.
fn is_gerund(tree: &Tree<'_>, k: usize) -> bool {
    ends_in_ing(tree, k)
        && !tree.children[k]
            .iter()
            .any(|&c| tree.deprel(c) == "mark" && tree.lemma(c) == "to")
}

/// Whether the event noun `t` is the object of `end` ("ended its attacks on Ukraine"), which
/// ends a material conflict act without a new one; for other acts "ended three days of talks"
/// most often reports the talks, so the caller asks this only of material conflict codes.
fn is_ended(tree: &Tree<'_>, t: usize) -> bool {
    matches!(tree.upos(t), "NOUN" | "PROPN")
        && base_rel(tree.deprel(t)) == "obj"
        && tree.head[t].is_some_and(|h| {
            matches!(tree.upos(h), "VERB" | "AUX")
                && tree.is_word(h, "end")
                && !negated_here(tree, h)
                && !is_negated(tree, h)
        })
}

/// Whether verb `h` lends its subject to the event noun it governs ("held talks", "launched
/// an attack"), rather than judging an act ("condemned the attack").
fn supports_noun(tree: &Tree<'_>, h: usize) -> bool {
    matches!(tree.upos(h), "VERB" | "AUX") && !judges(tree, h)
}

/// Words under which an event is feared or foreseen, not reported: "warned of a Russian
/// attack", "fears an attack", "worried about an attack", "the threat of an attack".
const FEARING_WORDS: &[&str] = &[
    "warn",
    "fear",
    "worry",
    "worried",
    "afraid",
    "fearful",
    "wary",
    "anticipate",
    "predict",
    "foresee",
    "caution",
    "threat",
    "risk",
    "danger",
    "prospect",
    "possibility",
    "spectre",
    "specter",
    "warning",
    "likelihood",
    "chance",
];

/// Whether the event at `t` is foreseen rather than reported: an event noun that is the
/// object or oblique of a fearing word, or a noun modifier of one ("the threat of an attack");
/// a clause that is the complement of a fearing verb ("fears Russia will attack").
fn is_feared(tree: &Tree<'_>, t: usize) -> bool {
    let Some(h) = tree.head[t] else {
        return false;
    };
    let lemma = tree.lemma(h);
    let fearing = FEARING_WORDS.iter().any(|w| w.eq_ignore_ascii_case(lemma));
    if !fearing {
        return false;
    }
    if matches!(tree.upos(t), "NOUN" | "PROPN") {
        return matches!(base_rel(tree.deprel(t)), "obj" | "obl" | "nmod");
    }
    // "warned that Russia would attack" is already hypothetical by its auxiliary; "warned
    // Russia to stop" is an order, not a fear.
    base_rel(tree.deprel(t)) == "ccomp" && tree.lemma(h) != "warn"
}

/// `asserted`, `intended` or `hypothetical`.
fn modality_of(tree: &Tree<'_>, t: usize) -> &'static str {
    if is_feared(tree, t) || is_alleged_act(tree, t) {
        return "hypothetical";
    }
    let mut k = t;
    // An event noun takes the modality of the verb that lends it its subject: "will hold
    // talks" is intended.
    if matches!(tree.upos(t), "NOUN" | "PROPN") && base_rel(tree.deprel(t)) == "obj" {
        if let Some(h) = tree.head[t].filter(|&h| supports_noun(tree, h)) {
            k = h;
        }
    }
    for _ in 0..6 {
        let conditional = tree.children[k]
            .iter()
            .any(|&c| tree.deprel(c) == "mark" && matches!(tree.lemma(c), "if" | "unless"));
        for &c in &tree.children[k] {
            let rel = tree.deprel(c);
            let lemma = tree.lemma(c);
            // "The prime minister said Britain would expel 23 diplomats": a reported `will`.
            if rel == "aux" && lemma == "would" && !conditional && reported(tree, k) {
                return "intended";
            }
            if rel == "aux" && matches!(lemma, "would" | "could" | "might" | "may") {
                return "hypothetical";
            }
            if rel == "mark" && matches!(lemma, "if" | "unless") {
                return "hypothetical";
            }
            if rel == "aux" && matches!(lemma, "will" | "shall") {
                return "intended";
            }
        }
        match (tree.deprel(k), tree.head[k]) {
            ("xcomp", Some(h)) => {
                if matches!(
                    tree.lemma(h),
                    "want"
                        | "plan"
                        | "intend"
                        | "hope"
                        | "seek"
                        | "aim"
                        | "promise"
                        | "pledge"
                        | "vow"
                        | "agree"
                        | "decide"
                        | "threaten"
                        | "offer"
                        | "prepare"
                ) {
                    return "intended";
                }
                if DIRECTIVE_VERBS.contains(&tree.lemma(h))
                    || matches!(tree.lemma(h), "ask" | "tell")
                {
                    return "hypothetical";
                }
                k = h;
            }
            // "demanded that Russia stop its offensive": the act is only asked for.
            ("ccomp", Some(h)) if DIRECTIVE_VERBS.contains(&tree.lemma(h)) => {
                return "hypothetical";
            }
            // "stop its offensive ... and withdraw": a conjunct without a modal of its own
            // shares its first conjunct's.
            ("conj", Some(h)) if matches!(tree.upos(h), "VERB" | "AUX") => k = h,
            // "plans to send troops", "no intention of attacking".
            (_, Some(h))
                if base_rel(tree.deprel(k)) == "acl"
                    && is_bare_complement(tree, k)
                    && INTENT_NOUNS.contains(&tree.lemma(h)) =>
            {
                return "intended";
            }
            _ => break,
        }
    }
    "asserted"
}

/// Whether clause `k` is the content of a verb of saying ("said | Britain would expel"), where
/// `would` is the reported form of `will`.
fn reported(tree: &Tree<'_>, k: usize) -> bool {
    const SAYING: &[&str] = &[
        "say", "announce", "tell", "state", "add", "declare", "confirm", "write", "report",
    ];
    let that = tree.children[k]
        .iter()
        .any(|&c| tree.deprel(c) == "mark" && tree.lemma(c) == "that");
    if base_rel(tree.deprel(k)) != "ccomp" && !that {
        return false;
    }
    // The nearest verb above: the parser may hang "that ..." on a noun of the saying clause
    // ("said on Wednesday | that Britain would expel").
    let mut h = tree.head[k];
    for _ in 0..3 {
        match h {
            Some(v) if tree.upos(v) == "VERB" => return SAYING.contains(&tree.lemma(v)),
            Some(v) => h = tree.head[v],
            None => return false,
        }
    }
    false
}

/// The target at `x` of a statement or threat, unless it is the subject of the `that` clause
/// of verb `t` and of the source's own country: "Zarif warned that Iran would ...", "China's
/// ambassador warned that Chinese consumers might boycott Australian goods". Such a subject is
/// the doer of the act warned of, not its target; the first actor of another country in the
/// clause's object region is (`AUS`). `None` when there is no such actor (the caller keeps
/// `x`).
fn own_side_reported(tree: &Tree<'_>, t: usize, x: usize, sources: &[usize]) -> Option<usize> {
    let clause = tree.head[x].filter(|&c| {
        tree.deprel(x) == "nsubj" && tree.deprel(c) == "ccomp" && tree.head[c] == Some(t)
    });
    let (Some(c), Some(a)) = (clause, tree.actor_of(x)) else {
        return Some(x);
    };
    let country = |k: usize| tree.actors[k].country.as_deref();
    let own = country(a).is_some()
        && !sources.is_empty()
        && sources.iter().all(|&s| country(s) == country(a));
    if !own {
        return Some(x);
    }
    let mut region: Vec<usize> = tree
        .subtree_without_subject(c)
        .into_iter()
        .filter(|&k| !tree.descends_from(k, x))
        .collect();
    region.sort_unstable();
    region.into_iter().find(|&k| {
        tree.actor_at[k].is_some_and(|b| country(b).is_some() && country(b) != country(a))
    })
}

/// Verbs that ask for an act rather than report one: the act of their `xcomp` ("urged Iran to
/// stop") or subjunctive `ccomp` ("demanded that Russia withdraw") is hypothetical. ("ask" and
/// "tell" only with an infinitive: "told reporters that ..." reports.)
const DIRECTIVE_VERBS: &[&str] = &[
    "urge", "demand", "call", "press", "appeal", "request", "order", "implore", "exhort",
];

/// A simple, documented confidence: the rule's specificity, a target, and direct (not
/// coreferent) actors make an event more certain.
fn confidence_of(rule: &Rule, source: &ActorMention, target: Option<&ActorMention>) -> f32 {
    let mut c = 0.5 + 0.08 * rule.specificity.min(4) as f32;
    if target.is_some() {
        c += 0.1;
    }
    let coref = |m: &ActorMention| m.how == "coref" || m.how == crate::actors::ORG_COREF;
    if coref(source) || target.is_some_and(coref) {
        c -= 0.15;
    }
    c.clamp(0.05, 0.99)
}

/// A denial with no target of its own (`016`: "Russia denied any involvement") answers the
/// accusation (`112x`) made against the denier's country last before it in the report:
/// "Ukraine accused Russia of shelling Kharkiv. Russia denied any involvement" is RUS→UKR
/// 016. CAMEO directs a denial at its accuser. With no such accusation it keeps no target
/// (and is left out by default, [`CodeOptions::targetless`]).
fn answer_accusations(events: &mut [Event]) {
    for i in 0..events.len() {
        let e = &events[i];
        let Some(country) = e.source.country.as_deref() else {
            continue;
        };
        if !e.cameo.starts_with("016") || e.target.is_some() || e.negated {
            continue;
        }
        let accuser = events[..i].iter().rev().find(|a| {
            a.cameo.starts_with("112")
                && !a.negated
                && a.sentence <= e.sentence
                && a.source.country.as_deref() != Some(country)
                && a.target.as_ref().and_then(|t| t.country.as_deref()) == Some(country)
        });
        let Some(accuser) = accuser.map(|a| a.source.clone()) else {
            continue;
        };
        let e = &mut events[i];
        e.event_id = retargeted_id(&e.event_id, &accuser.code);
        e.target = Some(accuser);
    }
}

/// The id of an event whose target was given after it was coded.
fn retargeted_id(id: &str, target: &str) -> String {
    fnv1a(&[id, target])
}

/// A stable id: FNV-1a over document, sentence, event word, rule, actors and code.
fn event_id(e: &Event, t: usize) -> String {
    fnv1a(&[
        &e.doc_id,
        &e.sentence.to_string(),
        &t.to_string(),
        &e.rule,
        &e.source.code,
        e.target.as_ref().map_or("", |t| t.code.as_str()),
        &e.cameo,
    ])
}

/// 64-bit FNV-1a over `parts`, each followed by a `0xff` byte, as 16 hex digits.
fn fnv1a(parts: &[&str]) -> String {
    let mut h = dyad_core::Fnv1a::new();
    for part in parts {
        h.write_field(part);
    }
    format!("{:016x}", h.finish())
}

/// Regular de-inflections of a lowercased word form: `pleaded` → `plead`, `pleade`;
/// `stopped` → `stop`; `talks` → `talk`; `carries` → `carry`; `making` → `make`, `mak`.
fn stems(form: &str) -> impl Iterator<Item = String> + '_ {
    let mut out: Vec<String> = Vec::new();
    let mut push = |s: String| {
        if s.len() >= 2 && !out.contains(&s) {
            out.push(s);
        }
    };
    if let Some(base) = crate::irregular::base_of(form) {
        push(base.to_string());
    }
    for suffix in ["ed", "ing"] {
        if let Some(stem) = form.strip_suffix(suffix) {
            push(stem.to_string());
            push(format!("{stem}e"));
            let b = stem.as_bytes();
            if b.len() >= 2 && b[b.len() - 1] == b[b.len() - 2] {
                push(stem[..stem.len() - 1].to_string());
            }
            if let Some(y) = stem.strip_suffix('i') {
                push(format!("{y}y"));
            }
        }
    }
    if let Some(stem) = form.strip_suffix("ies") {
        push(format!("{stem}y"));
    }
    if let Some(stem) = form.strip_suffix("es") {
        push(stem.to_string());
    }
    if let Some(stem) = form.strip_suffix('s') {
        if !stem.ends_with('s') {
            push(stem.to_string());
        }
    }
    if let Some(stem) = form.strip_suffix('d') {
        push(stem.to_string());
    }
    out.into_iter()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_words_are_the_words_no_match_can_do_without() {
        let dict = dyad_kb::dictionary::VerbDictionary::bundled().unwrap();
        let rules = RuleSet::from_dictionary(&dict);
        let mut with_complement = 0;
        for rule in rules.rules() {
            let needs = required_words(rule);
            for g in &needs {
                assert!(!g.is_empty(), "{}", rule.id);
                assert!(
                    g.iter().all(|w| *w == w.to_ascii_lowercase()),
                    "{}",
                    rule.id
                );
                // `with`, `of` and `from` may be missing from a match: never required alone.
                assert!(
                    !["with", "of", "from"].contains(&g.join(" ").as_str()),
                    "{}",
                    rule.id
                );
            }
            if let Some(c) = &rule.complement {
                let verb: Vec<String> = c.verb.0.iter().flatten().cloned().collect();
                assert!(needs.contains(&verb), "{}: {needs:?}", rule.id);
                with_complement += 1;
            }
        }
        assert!(
            with_complement > 500,
            "{with_complement} rules with a complement"
        );
    }

    #[test]
    fn american_spellings_of_british_lemmas_are_what_is_british_of_accepts() {
        for (british, american) in [
            ("criticise", "criticize"),
            ("organisation", "organization"),
            ("analyse", "analyze"),
        ] {
            let found: Vec<String> = crate::rule::american_spellings(british).collect();
            assert_eq!(found, [american]);
            assert!(crate::rule::is_british_of(british, american));
        }
        assert_eq!(crate::rule::american_spellings("rise").count(), 0);
    }
}
