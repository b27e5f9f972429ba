//! dyad's event coder and the layers around it.
//!
//! - [`rule`]: verb patterns from dyad's own dictionaries and from PETRARCH/TABARI
//!   dictionaries, compiled into one [`rule::Rule`] shape.
//! - [`dates`], [`places`], [`quotes`]: when, where and in whose words (issue 6).
//! - [`petrarch`]: the PETRARCH validation suite as an evaluation (issue 5).
#![warn(missing_docs)]

pub mod actors;
pub mod attach;
mod coder;
pub mod coref_eval;
pub mod dates;
pub mod dict_test;
pub mod gender;
mod irregular;
pub mod located_agents;
pub mod petrarch;
pub mod places;
pub mod plural;
pub mod pronouns;
pub mod quotes;
pub mod rule;
pub mod wwq_eval;

pub use actors::ActorResolver;
pub use attach::attach_dates_and_places;
pub use coder::{lacks_target, CodeOptions, Coder};
pub use rule::{Rule, RuleSet};
