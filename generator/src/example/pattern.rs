//! A string that matches a `pattern`: the expression is parsed (`regex-syntax`), and each part is
//! written out with its first choice: a literal as it is, a class as its first letter or digit,
//! a repetition as few times as it allows (once when it allows none, so optional parts show), an
//! alternation as its first branch. The result is checked against the pattern, so a string is only
//! returned when it really matches (anchors and look-arounds can defeat the first choices).

use regex_syntax::hir::{Class, Hir, HirKind};

/// The most characters a made-up match may have (`{1000}` repetitions and the like).
const MAX_LENGTH: usize = 4096;

/// A string matching `pattern` (a regular expression as Rust's `regex` reads it), or `None`
/// when it cannot be parsed or no first-choice string matches it.
pub(super) fn matching(pattern: &str) -> Option<String> {
    let hir = regex_syntax::parse(pattern).ok()?;
    let mut text = String::new();
    write(&hir, &mut text)?;
    let regex = regex::Regex::new(pattern).ok()?;
    regex.is_match(&text).then_some(text)
}

/// Append the first-choice match of `hir` to `text`; `None` when it would grow too long or
/// cannot be written (a class with no characters).
fn write(hir: &Hir, text: &mut String) -> Option<()> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(literal) => text.push_str(std::str::from_utf8(&literal.0).ok()?),
        HirKind::Class(class) => text.push(first_char(class)?),
        HirKind::Repetition(repetition) => {
            let times = repetition.min.max(1);
            let times = match repetition.max {
                Some(max) => times.min(max),
                None => times,
            };
            for _ in 0..times {
                write(&repetition.sub, text)?;
                if text.len() > MAX_LENGTH {
                    return None;
                }
            }
        }
        HirKind::Capture(capture) => write(&capture.sub, text)?,
        HirKind::Concat(parts) => {
            for part in parts {
                write(part, text)?;
            }
        }
        HirKind::Alternation(branches) => write(branches.first()?, text)?,
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
    use super::matching;

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
    fn what_cannot_be_matched_or_read_gives_none() {
        // A look-around is not Rust regex syntax.
        assert_eq!(matching("^(?=a)b$"), None);
        // First choices that contradict the anchors.
        assert_eq!(matching("^a\\bb$"), None);
        assert_eq!(matching("x{5000}"), None);
    }
}
