//! Instrument versions compare as versions, not as text: "1.10" is newer than "1.9".

use std::cmp::Ordering;

/// Compares two instrument versions part by part, split on `.`.
///
/// A part's leading digits compare as a number ("10" > "9") and whatever follows them as
/// text; a part without leading digits sorts before one with them, and a missing part before
/// any part ("1.0" < "1.0.1"). There is no notion of a pre-release: "1.0-beta" is the part
/// "0-beta", which sorts after "1.0" and before "1.1", so definitions use plain numbers.
/// Versions that differ only in leading zeros ("1.01", "1.1") fall back to text order, so
/// only equal strings compare equal.
pub fn compare_versions(a: &str, b: &str) -> Ordering {
    let mut left = a.split('.');
    let mut right = b.split('.');
    loop {
        match (left.next(), right.next()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) => match compare_parts(x, y) {
                Ordering::Equal => {}
                order => return order,
            },
        }
    }
}

/// The newest of some versions, by [`compare_versions`].
pub fn newest<'a>(versions: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    versions.into_iter().max_by(|a, b| compare_versions(a, b))
}

/// One part: its leading digits by value, then the rest as text.
fn compare_parts(a: &str, b: &str) -> Ordering {
    let (a_digits, a_rest) = split_number(a);
    let (b_digits, b_rest) = split_number(b);
    match (a_digits.is_empty(), b_digits.is_empty()) {
        (true, false) => Ordering::Less,
        (false, true) => Ordering::Greater,
        _ => compare_numbers(a_digits, b_digits).then_with(|| a_rest.cmp(b_rest)),
    }
}

/// Splits a part into its leading ASCII digits and the rest.
fn split_number(part: &str) -> (&str, &str) {
    let end = part
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(part.len());
    part.split_at(end)
}

/// Compares digit strings by value, however long they are.
fn compare_numbers(a: &str, b: &str) -> Ordering {
    let a = a.trim_start_matches('0');
    let b = b.trim_start_matches('0');
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_parts_compare_by_value() {
        assert_eq!(compare_versions("1.10", "1.9"), Ordering::Greater);
        assert_eq!(compare_versions("1.9", "1.10"), Ordering::Less);
        assert_eq!(compare_versions("2", "1.99"), Ordering::Greater);
        assert_eq!(
            compare_versions("1.123456789012345678901234567890", "1.9"),
            Ordering::Greater
        );
    }

    #[test]
    fn a_missing_part_is_smaller() {
        assert_eq!(compare_versions("1.0", "1.0.1"), Ordering::Less);
        assert_eq!(compare_versions("1.0.1", "1.0"), Ordering::Greater);
        assert_eq!(compare_versions("1", "1.0"), Ordering::Less);
    }

    #[test]
    fn only_equal_strings_are_equal() {
        for v in ["1.0", "2", "1.0-beta", ""] {
            assert_eq!(compare_versions(v, v), Ordering::Equal, "{v}");
        }
        assert_eq!(compare_versions("1.01", "1.1"), Ordering::Less);
        assert_eq!(compare_versions("1.1", "1.01"), Ordering::Greater);
    }

    #[test]
    fn text_after_the_number_sorts_after_the_plain_number() {
        // "1.0-beta" is not a pre-release of "1.0": see compare_versions.
        assert_eq!(compare_versions("1.0-beta", "1.0"), Ordering::Greater);
        assert_eq!(compare_versions("1.0-beta", "1.1"), Ordering::Less);
        assert_eq!(compare_versions("1.9-beta", "1.10"), Ordering::Less);
        assert_eq!(compare_versions("1.0-alpha", "1.0-beta"), Ordering::Less);
        assert_eq!(compare_versions("1.beta", "1.0"), Ordering::Less);
        assert_eq!(compare_versions("1.alpha", "1.beta"), Ordering::Less);
    }

    #[test]
    fn sorting_gives_version_order_and_is_consistent() {
        let mut versions = vec!["1.10", "2", "1.0.1", "1.9", "1.0", "1.0-beta", "10"];
        versions.sort_by(|a, b| compare_versions(a, b));
        assert_eq!(
            versions,
            ["1.0", "1.0.1", "1.0-beta", "1.9", "1.10", "2", "10"]
        );
        for a in &versions {
            for b in &versions {
                assert_eq!(compare_versions(a, b), compare_versions(b, a).reverse());
            }
        }
    }

    #[test]
    fn the_newest_is_the_greatest_version() {
        assert_eq!(newest(["1.9", "1.10", "1.2"]), Some("1.10"));
        assert_eq!(newest(Vec::<&str>::new()), None);
    }
}
