//! A translation's status as JSON, for `brochure status --json`: what a
//! script or a quoting tool reads (counts of blocks and source words by
//! state, and every block that needs work with its file, line and reasons).

use serde_json::{Value, json};

use super::translation::{Status, UnitState};
use super::worddiff::field_changes;

impl Status {
    /// The status as a JSON object; with `diff`, each stale block also
    /// carries the word diffs of its source since its translation.
    pub fn to_json(&self, diff: bool) -> Value {
        let words = self.word_counts();
        let units: Vec<Value> = self
            .units
            .iter()
            .filter(|u| u.state != UnitState::Translated)
            .map(|u| {
                let mut o = json!({
                    "id": u.id,
                    "kind": u.kind,
                    "state": u.state.name(),
                    "file": u.file,
                    "line": u.line,
                    "reasons": u.reasons,
                });
                if diff && u.state == UnitState::Stale {
                    o["changes"] = match &u.previous {
                        Some(old) => field_changes(old, &u.source)
                            .into_iter()
                            .map(|(field, d)| json!({"field": field, "diff": d}))
                            .collect(),
                        None => Value::Null,
                    };
                }
                o
            })
            .collect();
        let total = self
            .units
            .iter()
            .filter(|u| u.state != UnitState::Orphaned)
            .count();
        json!({
            "lang": self.lang,
            "percent": (self.percent() * 10.0).round() / 10.0,
            "blocks": {
                "total": total,
                "translated": self.count(UnitState::Translated),
                "missing": self.count(UnitState::Missing),
                "stale": self.count(UnitState::Stale),
                "orphaned": self.count(UnitState::Orphaned),
            },
            "words": {
                "new": words.new,
                "stale": words.stale,
                "total": words.total,
            },
            "strings": {
                "translated": self.language.iter().filter(|u| u.target.is_some()).count(),
                "total": self.language.len(),
            },
            "units": units,
        })
    }
}
