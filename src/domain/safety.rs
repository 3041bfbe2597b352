//! A safety plan: what the client and worker agreed to do when a crisis
//! builds. Each part is a short list; items are kept as text separated by
//! `;` so a one-line field can hold several.

use super::Stamp;

/// The five parts, in the order they are worked through with the client.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SafetyPlan {
    pub warning_signs: String,
    pub coping: String,
    pub supports: String,
    pub professionals: String,
    pub safe_environment: String,
    /// When it was last changed; `None` until saved.
    pub updated_at: Option<Stamp>,
}

impl SafetyPlan {
    /// (key, heading, text) for each part, in order.
    pub fn parts(&self) -> [(&'static str, &'static str, &str); 5] {
        [
            (
                "warning_signs",
                "Warning signs that a crisis may be building",
                &self.warning_signs,
            ),
            ("coping", "Things I can do on my own to cope", &self.coping),
            ("supports", "People and places that help", &self.supports),
            (
                "professionals",
                "Professionals and services to contact",
                &self.professionals,
            ),
            (
                "safe_environment",
                "Making my surroundings safer",
                &self.safe_environment,
            ),
        ]
    }

    pub fn is_empty(&self) -> bool {
        self.parts().iter().all(|(_, _, t)| t.trim().is_empty())
    }
}

/// Split one part into its items: `;` or a line break separates them.
pub fn items(text: &str) -> Vec<&str> {
    text.split([';', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_split_on_semicolons_and_lines() {
        assert_eq!(
            items("walk the dog; call Sam;\nmusic "),
            vec!["walk the dog", "call Sam", "music"]
        );
        assert!(items(" ; ").is_empty());
        assert!(SafetyPlan::default().is_empty());
    }
}
