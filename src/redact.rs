//! Finding what identifies a person in free text: phone numbers, e-mail
//! addresses and given names. Privacy mode shows initials in their place
//! (`redact`; which names is decided by `ui::privacy`); the consultation
//! pack puts neutral labels there (`rewrite`, from `exchange::deidentify`).
//! One matcher for both, so that what one finds the other finds.
//!
//! No regular expressions: names are matched as plain text (a name such as
//! "J.R. (Jo)" means just that), whole words only and ignoring case, so
//! "Ann" is found in "ANN's" but not in "Annual".

/// What a phone number or an e-mail address is replaced with: says what was
/// there, not how long it was.
pub const PHONE: &str = "[phone]";
pub const EMAIL: &str = "[email]";

/// "Rosa Kowalczyk" → "R.K."; "Jean-Luc" → "J.-L.".
pub fn initials(name: &str) -> String {
    let mut out = String::new();
    for word in name.split_whitespace() {
        for (i, part) in word.split('-').enumerate() {
            if let Some(c) = part.chars().find(|c| c.is_alphanumeric()) {
                if i > 0 {
                    out.push('-');
                }
                out.extend(c.to_uppercase());
                out.push('.');
            }
        }
    }
    if out.is_empty() { "?".into() } else { out }
}

/// The names to look for when a person is called `full`: the whole name
/// and each of its words and hyphenated parts ("Ana-María Ruiz" → also
/// "Ana-María", "Ana", "María", "Ruiz"). Brackets, quotes and commas around
/// a word are not part of it ("(Jo)," → "Jo"); a full stop is ("J.R.").
/// A word of one letter is an initial already, and would hide every "a"
/// and "I" of the text: it is left out.
pub fn name_words(full: &str) -> Vec<String> {
    let mut out = vec![full.trim().to_string()];
    for word in full.split_whitespace() {
        let word = word.trim_matches(|c: char| "()[]{}\"'“”‘’,;:!?".contains(c));
        out.push(word.to_string());
        if word.contains('-') {
            out.extend(word.split('-').map(str::to_string));
        }
    }
    out.retain(|w| letters(w) > 1);
    out
}

/// How many letters and digits: a "name" of one (or none, ".*") is skipped.
fn letters(s: &str) -> usize {
    s.chars().filter(|c| c.is_alphanumeric()).count()
}

/// Phone numbers and e-mail addresses replaced, and every name in `names`
/// that stands as whole words replaced by its initials. The longest name
/// wins where names overlap ("Rosa Kowalczyk" before "Rosa").
pub fn redact(s: &str, names: &[&str]) -> String {
    rewrite(s, names, |found| match found {
        Found::Email => EMAIL.to_string(),
        Found::Phone => PHONE.to_string(),
        Found::Name(n) => initials(n),
    })
}

/// What `rewrite` found, for its caller to say what goes in its place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found<'a> {
    Email,
    Phone,
    /// One of the names asked for (as given in the list).
    Name(&'a str),
}

/// Every phone number, e-mail address and name in `names` (whole words,
/// ignoring case, the longest first) replaced by what `replace` says.
pub fn rewrite<'n>(
    s: &str,
    names: &[&'n str],
    mut replace: impl FnMut(Found<'n>) -> String,
) -> String {
    let lower = s.to_lowercase();
    let mut names: Vec<&str> = names
        .iter()
        .map(|n| n.trim())
        .filter(|n| letters(n) > 1 && contains_folded(&lower, n))
        .collect();
    names.sort_by_key(|n| (std::cmp::Reverse(n.chars().count()), *n));
    names.dedup();
    let mut out = String::with_capacity(s.len());
    let mut prev: Option<char> = None;
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        // An address first, whole: its local part may hold a name.
        let email = (!prev.is_some_and(local_char))
            .then(|| email_len(rest))
            .flatten()
            .map(|n| (n, Found::Email));
        let found = email.or_else(|| {
            if prev.is_some_and(char::is_alphanumeric) {
                return None;
            }
            phone_len(rest).map(|n| (n, Found::Phone)).or_else(|| {
                names
                    .iter()
                    .find_map(|n| name_len(rest, n).map(|len| (len, Found::Name(n))))
            })
        });
        match found {
            Some((len, what)) => {
                out.push_str(&replace(what));
                prev = rest[..len].chars().next_back();
                rest = &rest[len..];
            }
            None => {
                out.push(c);
                prev = Some(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    out
}

/// Is `name`, in lower case, somewhere in `lower`? Without making a lower
/// case copy of each name: this runs for every loaded client's name on every
/// line drawn in privacy mode.
fn contains_folded(lower: &str, name: &str) -> bool {
    let Some(first) = name.chars().next().and_then(|c| c.to_lowercase().next()) else {
        return false;
    };
    lower.match_indices(first).any(|(i, _)| {
        let mut hay = lower[i..].chars();
        name.chars()
            .flat_map(char::to_lowercase)
            .all(|c| hay.next() == Some(c))
    })
}

/// Does `rest` start with `name` (ignoring case) as whole words? Its length
/// in `rest` if so.
fn name_len(rest: &str, name: &str) -> Option<usize> {
    let mut text = rest.char_indices();
    for want in name.chars() {
        let (_, got) = text.next()?;
        if !got.to_lowercase().eq(want.to_lowercase()) {
            return None;
        }
    }
    let end = text.next().map_or(rest.len(), |(i, _)| i);
    let after = rest[end..].chars().next();
    let last = name.chars().next_back();
    // "Bo" is not in "Bob"; a name ending in a full stop ("J.R.") ends there.
    if last.is_some_and(char::is_alphanumeric) && after.is_some_and(char::is_alphanumeric) {
        return None;
    }
    Some(end)
}

/// Characters of an address's local part (RFC 5322's atext and dots).
fn local_char(c: char) -> bool {
    c.is_alphanumeric() || "._%+-!#$&'*/=?^`{|}~".contains(c)
}

/// `name+tag@example.co.uk`: a local part, `@`, and a domain of at least two
/// labels. A full stop after it ends the sentence, not the domain.
fn email_len(rest: &str) -> Option<usize> {
    let at = rest.find(|c: char| !local_char(c))?;
    if at == 0 || !rest[at..].starts_with('@') {
        return None;
    }
    let domain = &rest[at + 1..];
    let mut end = domain
        .find(|c: char| !(c.is_alphanumeric() || c == '-' || c == '.'))
        .unwrap_or(domain.len());
    while domain[..end].ends_with(['.', '-']) {
        end -= 1;
    }
    let labels: Vec<&str> = domain[..end].split('.').collect();
    if labels.len() < 2 || labels.iter().any(|l| l.is_empty()) {
        return None;
    }
    Some(at + 1 + end)
}

/// The characters that may separate a phone number's digits.
fn phone_sep(c: char) -> bool {
    matches!(c, ' ' | '-' | '.' | '(' | ')')
}

/// `+44 20 7946 0958`, `(555) 123-4567`, `555.123.4567`, `07700 900123`:
/// 7 to 15 digits (E.164's most), separated by at most two of space, `-`,
/// `.`, `(` and `)` at a time, standing on its own. A date
/// (`2026-11-23`, `23.11.2026`) or a span of years (`2019-2024`) is not one.
fn phone_len(rest: &str) -> Option<usize> {
    let mut chars = rest.char_indices().peekable();
    let (_, first) = *chars.peek()?;
    if first == '+' || first == '(' {
        chars.next();
        if !chars.peek().is_some_and(|(_, c)| c.is_ascii_digit()) {
            return None;
        }
    } else if !first.is_ascii_digit() {
        return None;
    }
    let (mut digits, mut end) = (0, 0);
    // Digits per group, and the separators between groups (not after the last).
    let mut groups: Vec<usize> = vec![0];
    let mut kinds: Vec<char> = Vec::new();
    let mut pending: Vec<char> = Vec::new();
    for (i, c) in chars {
        if c.is_ascii_digit() {
            if !pending.is_empty() {
                kinds.append(&mut pending);
                groups.push(0);
            }
            digits += 1;
            end = i + 1;
            if let Some(g) = groups.last_mut() {
                *g += 1;
            }
        } else if phone_sep(c) && pending.len() < 2 && !(c == ' ' && pending.last() == Some(&' ')) {
            pending.push(c);
        } else {
            break;
        }
    }
    let after = rest[end..].chars().next();
    if !(7..=15).contains(&digits) || after.is_some_and(char::is_alphanumeric) {
        return None;
    }
    // An opening bracket is the number's only if it closes an area code.
    if first == '(' && !kinds.contains(&')') {
        return None;
    }
    let one_kind = kinds.windows(2).all(|w| w[0] == w[1]);
    let date = one_kind
        && matches!(kinds.first(), Some('-' | '.'))
        && matches!(groups.as_slice(), [4, 2, 2] | [1 | 2, 1 | 2, 4] | [4, 4]);
    if date { None } else { Some(end) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().flat_map(|n| name_words(n)).collect()
    }

    fn redact(s: &str, names: &[String]) -> String {
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        super::redact(s, &names)
    }

    fn r(s: &str) -> String {
        redact(s, &[])
    }

    #[test]
    fn initials_of_various_names() {
        assert_eq!(initials("Rosa Kowalczyk"), "R.K.");
        assert_eq!(initials("  zoë  ana-maría  "), "Z.A.-M.");
        assert_eq!(initials("Jean-Luc"), "J.-L.");
        assert_eq!(initials("(Jo)"), "J.");
        assert_eq!(initials(""), "?");
    }

    #[test]
    fn phone_numbers_in_the_usual_formats() {
        for phone in [
            "+44 20 7946 0958",
            "(555) 123-4567",
            "555.123.4567",
            "555-123-4567",
            "07700 900123",
            "020 7946 0958",
            "+1-202-555-0143",
            "+33 6 12 34 56 78",
            "5551234567",
        ] {
            assert_eq!(r(phone), PHONE, "{phone}");
            assert_eq!(
                r(&format!("Call Sam on {phone}, evenings.")),
                format!("Call Sam on {PHONE}, evenings."),
                "{phone}"
            );
            assert_eq!(r(&format!("({phone})")), format!("({PHONE})"));
        }
    }

    #[test]
    fn numbers_that_are_not_phones_stay() {
        for text in [
            "seen 2026-11-23 at 14:30",
            "born 23.11.1990",
            "lived there 2019-2024",
            "PHQ-9 score 14, GAD-7 score 9",
            "rent £1200 a month",
            "case 12345",
            "ID12345678",
            "12345678ab",
            "1 2 3",
        ] {
            assert_eq!(r(text), text);
        }
    }

    #[test]
    fn email_addresses_with_plus_signs_and_subdomains() {
        assert_eq!(r("rosa@example.org"), EMAIL);
        assert_eq!(
            r("write to rosa.k+case-12@mail.example.co.uk."),
            format!("write to {EMAIL}.")
        );
        assert_eq!(r("<a_b@x-y.io>"), format!("<{EMAIL}>"));
        assert_eq!(r("mailto:o'brien@ex.ie"), format!("mailto:{EMAIL}"));
        // Not addresses.
        assert_eq!(r("meet @ 3pm"), "meet @ 3pm");
        assert_eq!(r("a@b"), "a@b");
        assert_eq!(r("x@.com"), "x@.com");
    }

    #[test]
    fn an_address_goes_whole_even_where_it_holds_a_name() {
        let ns = names(&["Rosa Kowalczyk"]);
        assert_eq!(
            redact("rosa.kowalczyk@example.org or Rosa", &ns),
            format!("{EMAIL} or R.")
        );
    }

    #[test]
    fn names_as_whole_words_ignoring_case() {
        let ns = names(&["Ann Lee", "Bo"]);
        let red = |s: &str| redact(s, &ns);
        assert_eq!(red("Annual review with Ann"), "Annual review with A.");
        assert_eq!(red("ANN and ann and Ann Lee"), "A. and A. and A.L.");
        assert_eq!(
            red("Leeds, Lee's flat, Ann-Marie"),
            "Leeds, L.'s flat, A.-Marie"
        );
        assert_eq!(
            red("Both parents; Bo's plan; Jumbo; Bob"),
            "Both parents; B.'s plan; Jumbo; Bob"
        );
        assert_eq!(red("(Bo) [Bo] \"Bo\""), "(B.) [B.] \"B.\"");
    }

    #[test]
    fn hostile_names() {
        // Regex-special characters mean themselves.
        let ns = names(&["J.R. (Jo) O'Brien", "A+ .*", "[x]"]);
        let red = |s: &str| redact(s, &ns);
        assert_eq!(red("O'Brien and o'brien"), "O. and O.");
        assert_eq!(red("Jo said"), "J. said");
        assert_eq!(red("J.R. said"), "J. said");
        assert_eq!(red("JxR. stays, .* stays"), "JxR. stays, .* stays");
        // Empty and one-letter names find nothing.
        let odd = vec![String::new(), " ".into(), "A".into(), "é".into()];
        assert_eq!(redact("A cat, a hat, é", &odd), "A cat, a hat, é");
        assert_eq!(name_words("A B"), ["A B"]);
    }

    #[test]
    fn unicode_names() {
        let ns = names(&["Zoë Ana-María Łukasz"]);
        let red = |s: &str| redact(s, &ns);
        assert_eq!(red("zoë met Zoëlle"), "Z. met Zoëlle");
        assert_eq!(red("ANA-MARÍA, María, łukasz"), "A.-M., M., Ł.");
        assert_eq!(red("éZoë Zoëé Zoë"), "éZoë Zoëé Z.");
        // Letters that change length in lower case.
        let ns = names(&["İpek"]);
        assert_eq!(redact("İpek said", &ns), "İ. said");
    }

    #[test]
    fn the_longest_name_wins() {
        let ns = names(&["Rosa Kowalczyk", "Rosa"]);
        assert_eq!(redact("Rosa Kowalczyk, Rosa", &ns), "R.K., R.");
    }
}
