//! How variant names become values: serde's `rename_all` rules.

/// A rule turning a `PascalCase` variant name into a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Rename {
    /// The name as written.
    Verbatim,
    Lower,
    Upper,
    Snake,
    ScreamingSnake,
    Kebab,
    Camel,
}

impl Rename {
    /// The rules' names, as `rename_all` takes them.
    pub(super) const NAMES: &'static [&'static str] = &[
        "lowercase",
        "UPPERCASE",
        "snake_case",
        "SCREAMING_SNAKE_CASE",
        "kebab-case",
        "camelCase",
        "PascalCase",
    ];

    pub(super) fn from_name(name: &str) -> Option<Rename> {
        Some(match name {
            "lowercase" => Rename::Lower,
            "UPPERCASE" => Rename::Upper,
            "snake_case" => Rename::Snake,
            "SCREAMING_SNAKE_CASE" => Rename::ScreamingSnake,
            "kebab-case" => Rename::Kebab,
            "camelCase" => Rename::Camel,
            "PascalCase" => Rename::Verbatim,
            _ => return None,
        })
    }

    /// `variant` renamed by this rule.
    pub(super) fn apply(self, variant: &str) -> String {
        let words = || {
            let mut out = String::new();
            for (i, c) in variant.chars().enumerate() {
                if c.is_uppercase() && i > 0 {
                    out.push('_');
                }
                out.extend(c.to_lowercase());
            }
            out
        };
        match self {
            Rename::Verbatim => variant.to_owned(),
            Rename::Lower => variant.to_lowercase(),
            Rename::Upper => variant.to_uppercase(),
            Rename::Snake => words(),
            Rename::ScreamingSnake => words().to_uppercase(),
            Rename::Kebab => words().replace('_', "-"),
            Rename::Camel => {
                let mut chars = variant.chars();
                chars.next().map_or_else(String::new, |first| {
                    first.to_lowercase().chain(chars).collect()
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Rename;

    #[test]
    fn renames_like_serde() {
        assert_eq!(Rename::Snake.apply("InReview"), "in_review");
        assert_eq!(Rename::ScreamingSnake.apply("InReview"), "IN_REVIEW");
        assert_eq!(Rename::Kebab.apply("InReview"), "in-review");
        assert_eq!(Rename::Camel.apply("InReview"), "inReview");
        assert_eq!(Rename::Lower.apply("InReview"), "inreview");
        assert_eq!(Rename::Verbatim.apply("InReview"), "InReview");
    }
}
