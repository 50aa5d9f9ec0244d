//! A string that matches a `pattern`: the expression is parsed (`regex-syntax`), and each part is
//! written out with its first choice: a literal as it is, a class as its first letter or digit,
//! a repetition as few times as it allows (once when it allows none, so optional parts show), an
//! alternation as its first branch. When that is shorter than the schema's `minLength`, open
//! repetitions are written more times. The result is checked against the pattern, so a string is
//! only returned when it really matches (anchors and look-arounds can defeat the first choices).

use regex_syntax::hir::{Class, Hir, HirKind};

/// The most characters a made-up match may have (`{1000}` repetitions and the like).
const MAX_LENGTH: usize = 4096;

/// A string matching `pattern` (a regular expression as Rust's `regex` reads it) whose length in
/// characters is within `lengths`, or `None` when it cannot be parsed or no first-choice string
/// fits.
pub(super) fn matching(pattern: &str, lengths: std::ops::RangeInclusive<u64>) -> Option<String> {
    let hir = regex_syntax::parse(pattern).ok()?;
    let regex = regex::Regex::new(pattern).ok()?;
    // How many times an open repetition is written: once, then more to reach `minLength`.
    for times in 1..=256 {
        let mut text = String::new();
        if write(&hir, &mut text, times).is_none() {
            break;
        }
        let length = u64::try_from(text.chars().count()).unwrap_or(u64::MAX);
        if regex.is_match(&text) && lengths.contains(&length) {
            return Some(text);
        }
        if length > *lengths.end() {
            break;
        }
    }
    None
}

/// Append the first-choice match of `hir` to `text`, open repetitions written `times` times
/// (within their bounds); `None` when it would grow too long or cannot be written (a class with
/// no characters).
fn write(hir: &Hir, text: &mut String, times: u32) -> Option<()> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(literal) => text.push_str(std::str::from_utf8(&literal.0).ok()?),
        HirKind::Class(class) => text.push(first_char(class)?),
        HirKind::Repetition(repetition) => {
            let count = repetition.min.max(times);
            let count = match repetition.max {
                Some(max) => count.min(max),
                None => count,
            };
            for _ in 0..count {
                write(&repetition.sub, text, times)?;
                if text.len() > MAX_LENGTH {
                    return None;
                }
            }
        }
        HirKind::Capture(capture) => write(&capture.sub, text, times)?,
        HirKind::Concat(parts) => {
            for part in parts {
                write(part, text, times)?;
            }
        }
        HirKind::Alternation(branches) => write(branches.first()?, text, times)?,
    }
    (text.len() <= MAX_LENGTH).then_some(())
}

/// The character a class is shown by: a lowercase letter, else a digit, else an uppercase
/// letter, else its first printable character.
fn first_char(class: &Class) -> Option<char> {
    let ranges: Vec<(char, char)> = match class {
        Class::Unicode(class) => class
            .ranges()
            .iter()
            .map(|r| (r.start(), r.end()))
            .collect(),
        Class::Bytes(class) => class
            .ranges()
            .iter()
            .filter(|r| r.start().is_ascii())
            .map(|r| (char::from(r.start()), char::from(r.end().min(0x7f))))
            .collect(),
    };
    let within = |low: char, high: char| {
        ranges.iter().find_map(|&(start, end)| {
            let from = start.max(low);
            (from <= end.min(high)).then_some(from)
        })
    };
    within('a', 'z')
        .or_else(|| within('0', '9'))
        .or_else(|| within('A', 'Z'))
        .or_else(|| within('!', '~'))
        .or_else(|| {
            ranges
                .iter()
                .flat_map(|&(start, end)| (start..=end).take(64))
                .find(|c| !c.is_control())
        })
}

#[cfg(test)]
mod tests {
    const ANY: std::ops::RangeInclusive<u64> = 0..=u64::MAX;

    fn matching(pattern: &str) -> Option<String> {
        super::matching(pattern, ANY)
    }

    #[test]
    fn subnets_of_each_family_match_their_own_pattern_only() {
        let v4 = r"^(([0-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-5])\.){3}([0-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-5])/([8-9]|1[0-9]|2[0-9]|3[0-2])$";
        let v6 = r"^([fF][dD])[0-9a-fA-F]{2}:(([0-9a-fA-F]{1,4}:){6}[0-9a-fA-F]{1,4}|([0-9a-fA-F]{1,4}:){1,6}:)\/([1-9]|[1-9][0-9]|1[0-1][0-9]|12[0-8])$";
        let four = matching(v4).unwrap();
        let six = matching(v6).unwrap();
        assert_eq!(four, "0.0.0.0/8");
        assert_eq!(six, "fdaa:a:a:a:a:a:a:a/1");
        assert!(!regex::Regex::new(v4).unwrap().is_match(&six));
        assert!(!regex::Regex::new(v6).unwrap().is_match(&four));
    }

    #[test]
    fn common_shapes() {
        assert_eq!(matching("^[A-Z]{2}-\\d{3}$").as_deref(), Some("AA-000"));
        assert_eq!(matching("^(foo|bar)?baz$").as_deref(), Some("foobaz"));
        assert_eq!(matching("[0-9a-f]+").as_deref(), Some("a"));
        assert_eq!(matching("^$").as_deref(), Some(""));
    }

    #[test]
    fn open_repetitions_grow_to_the_minimum_length() {
        let sha = super::matching("^[0-9a-fA-F]+$", 40..=40);
        assert_eq!(
            sha.as_deref(),
            Some("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
        );
        assert_eq!(super::matching("^[a-z]{2,3}$", 10..=12), None);
    }

    #[test]
    fn what_cannot_be_matched_or_read_gives_none() {
        // A look-around is not Rust regex syntax.
        assert_eq!(matching("^(?=a)b$"), None);
        // First choices that contradict the anchors.
        assert_eq!(matching("^a\\bb$"), None);
        assert_eq!(matching("x{5000}"), None);
    }
}
