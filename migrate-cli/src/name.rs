//! Migration names as people type them: `CreateUsers` and `"create users"` are
//! `create_users`, as Laravel's `make:migration` takes them.

/// `name` in snake_case: words split at spaces and at case changes (`HTTPRequests` is
/// `http_requests`), lowercased, joined by `_`. Anything else is kept, for the Migration
/// Creator to accept or refuse.
///
/// ```
/// use migrate_cli::snake_case;
///
/// assert_eq!(snake_case("CreateUsers"), "create_users");
/// assert_eq!(snake_case("create users"), "create_users");
/// assert_eq!(snake_case("add_bio_to_users"), "add_bio_to_users");
/// ```
pub fn snake_case(name: &str) -> String {
    let chars: Vec<char> = name.trim().chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c.is_whitespace() {
            if !out.ends_with('_') {
                out.push('_');
            }
            continue;
        }
        if c.is_ascii_uppercase() && i > 0 {
            let before = chars[i - 1];
            let after_is_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            let boundary = before.is_ascii_lowercase()
                || before.is_ascii_digit()
                || (before.is_ascii_uppercase() && after_is_lower);
            if boundary && !out.ends_with('_') {
                out.push('_');
            }
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_as_typed() {
        for (typed, name) in [
            ("CreateUsers", "create_users"),
            ("createUsers", "create_users"),
            ("create users", "create_users"),
            ("  Add bio  to Users ", "add_bio_to_users"),
            ("HTTPRequests", "http_requests"),
            ("AddV2Index", "add_v2_index"),
            ("add_bio_to_users", "add_bio_to_users"),
            ("create-users", "create-users"),
            ("a__b", "a__b"),
        ] {
            assert_eq!(snake_case(typed), name, "{typed}");
        }
    }
}
